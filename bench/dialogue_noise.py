"""Do the dialogue judgements hold when a citizen pastes a code or a link into the message?

    python -m bench.dialogue_noise [--model FILE] [--json]

People paste what they have: an order or tracking number, the query code of their case, a
link to a news page or a post.  Such a string says nothing about what the message is, so a
judgement that changes when one is added is reading noise.  For every dev phrasing
(``phrasings_dev.tsv``, never a held-out file) and each kind of thing pasted, this adds one,
seeded by the row, in one of a few framings (before or after the text, with or without a
label), and reports per head how often the judgement differs from the same text without it, and
the accuracy with and without.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.dialogue_features import surface
from nlp.dialogue_model import ACCUSATION, EMERGENCY, INTENT, ROUTE, DialogueModel
from nlp.dialogue_training import DEV, target_of, words_of
from nlp.normalize import normalize
from nlp.phrasings import Phrasing, corpus_path, read_phrasings
from nlp.tokenizer import Tokenizer

HEADS = (INTENT, EMERGENCY, ACCUSATION, ROUTE)
#: Where a code or a link goes, by kind.
FRAMES: dict[str, tuple[str, ...]] = {
    "code": ("{text} {code}", "{text}，订单号{code}", "单号：{code} {text}", "{text}（参考编号 {code}）",
             "{text} ref:{code}", "{code}\n{text}"),
    "link": ("{text} {link}", "{text} 详见 {link}", "{link}\n{text}", "{text}（链接：{link}）"),
}
_SITES = ("https://weibo.com/", "http://t.cn/", "https://mp.weixin.qq.com/s/", "www.toutiao.com/a",
          "https://v.douyin.com/")


def code_for(seed: str) -> str:
    """A random code of mixed letters and digits, the same for the same seed."""
    chooser = random.Random(zlib.crc32(seed.encode("utf-8")))
    size = chooser.choice((6, 8, 10, 16))
    alphabet = chooser.choice((string.hexdigits.lower()[:16], string.ascii_uppercase + string.digits,
                               string.ascii_letters + string.digits))
    while True:
        code = "".join(chooser.choice(alphabet) for _ in range(size))
        if sum(ch.isdigit() for ch in code) >= 2 and sum(ch.isalpha() for ch in code) >= 2:
            return code


def link_for(seed: str) -> str:
    """A link to a page of a site people share, the same for the same seed."""
    chooser = random.Random(zlib.crc32(("link" + seed).encode("utf-8")))
    return chooser.choice(_SITES) + code_for(seed)


def with_pasted(kind: str, text: str) -> str:
    """``text`` with a code or a link pasted in, in a framing chosen by the text."""
    chooser = random.Random(zlib.crc32((kind + text).encode("utf-8")))
    return chooser.choice(FRAMES[kind]).format(text=text, code=code_for(text), link=link_for(text))


def measure(model: DialogueModel, tokenizer: Tokenizer, rows: Sequence[Phrasing],
            kind: str) -> dict[str, Any]:
    def judge(text: str) -> dict[str, str]:
        normalized = normalize(text)
        judged = model.judge(model.featurize(normalized, words_of(normalized, tokenizer)),
                             surface(normalized))
        return {head: judged[head].label for head in HEADS}

    changed = dict.fromkeys(HEADS, 0)
    right_clean = dict.fromkeys(HEADS, 0)
    right_noisy = dict.fromkeys(HEADS, 0)
    for row in rows:
        clean, noisy = judge(row.text), judge(with_pasted(kind, row.text))
        for head in HEADS:
            target = target_of(head, row)
            changed[head] += clean[head] != noisy[head]
            right_clean[head] += clean[head] == target
            right_noisy[head] += noisy[head] == target
    total = len(rows)
    return {"rows": total,
            "changed": {head: round(changed[head] / total, 4) for head in HEADS},
            "accuracy_clean": {head: round(right_clean[head] / total, 4) for head in HEADS},
            "accuracy_pasted": {head: round(right_noisy[head] / total, 4) for head in HEADS}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None, help="default: the shipped one")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    model = DialogueModel.load(arguments.model)
    tokenizer, rows = Tokenizer(), read_phrasings(corpus_path(DEV))
    figures = {kind: measure(model, tokenizer, rows, kind) for kind in FRAMES}
    if arguments.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    for kind, found in figures.items():
        print(f"{found['rows']} dev phrasings, each with a {kind} pasted in")
        print(f"{'head':<12}{'changed':>10}{'acc clean':>12}{'acc pasted':>12}")
        for head in HEADS:
            print(f"{head:<12}{found['changed'][head]:>10.3f}{found['accuracy_clean'][head]:>12.3f}"
                  f"{found['accuracy_pasted'][head]:>12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
