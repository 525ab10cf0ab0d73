"""Pair scoring gives the same numbers in two checkouts (issue 17: faster pair scoring must not
change a score).

    python -m bench.pair_scores_check --main DIR      # compare DIR's nlp with this one's
    python -m bench.pair_scores_check --emit --root DIR --out FILE   # one side (internal)

Both sides sign the same texts and score the same pairs, each in its own process (two
versions of ``nlp`` cannot share one): every labelled pair of the pair files that are not
held out, and :data:`RANDOM_PAIRS` random pairs of the petitions of the group files. Each
pair is scored fresh × fresh, fresh × stored (decoded from its bytes, as the decide path
compares a new text with a case on file) and, for a share of them, with the stored side read
as a signature from before key terms, finals and numbers were kept (the NaN features). The
scores (``score``, ``probability``, ``compare``) must agree to :data:`TOLERANCE`, and the
decisions and what is shared exactly.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE / "nlp" / "corpus"
#: Named one by one: nothing held out is ever read.
PAIR_FILES = ("matter_pairs.tsv", "matter_pairs_author3.tsv", "matter_pairs_author4.tsv",
              "matter_pairs_author5.tsv", "matter_pairs_author6.tsv")
GROUP_FILES = ("matter_groups.txt", "matter_groups_author3.txt", "matter_groups_author4.txt",
               "matter_groups_author5.txt", "matter_groups_author6.txt")
RANDOM_PAIRS = 4000
TOLERANCE = 1e-9
#: Every this many pairs, the stored side is read as a signature of before key terms.
LEGACY_EVERY = 5


def _texts_and_pairs() -> tuple[list[str], list[tuple[int, int]]]:
    from nlp.matter_corpus import read_groups, read_pairs

    texts: dict[str, int] = {}

    def index(text: str) -> int:
        return texts.setdefault(text, len(texts))

    pairs = [(index(p.a), index(p.b)) for name in PAIR_FILES for p in read_pairs(CORPUS / name)]
    petitions = [index(p.text) for name in GROUP_FILES for m in read_groups(CORPUS / name)
                 for p in m.petitions]
    rng = random.Random(17)
    pairs += [(rng.choice(petitions), rng.choice(petitions)) for _ in range(RANDOM_PAIRS)]
    return list(texts), pairs


def _legacy(blob: bytes) -> bytes:
    """The same signature as stored before key terms, characters, finals and numbers."""
    import struct

    (size,) = struct.unpack_from("<I", blob, 2)
    header = json.loads(blob[6:6 + size].decode("utf-8"))
    for key in ("k", "ch", "f", "g"):
        header.pop(key, None)
    encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return blob[:2] + struct.pack("<I", len(encoded)) + encoded + blob[6 + size:]


def emit(root: Path, out: Path) -> None:
    sys.path.insert(0, str(root))
    from nlp.matter import MatterJudge
    from nlp.matter_signature import MatterSignature
    from nlp.tokenizer import Tokenizer

    texts, pairs = _texts_and_pairs()
    judge = MatterJudge.load(Tokenizer())
    fresh = [judge.sign(text) for text in texts]
    stored = [MatterSignature.from_bytes(s.to_bytes()) for s in fresh]
    legacy = [MatterSignature.from_bytes(_legacy(s.to_bytes())) for s in fresh]
    rows: list[list[Any]] = []
    for number, (i, j) in enumerate(pairs):
        sides = [("fresh", fresh[j]), ("stored", stored[j])]
        if number % LEGACY_EVERY == 0:
            sides.append(("legacy", legacy[j]))
        for kind, other in sides:
            judgement = judge.compare(fresh[i], other)
            shared = judgement.shared
            rows.append([i, j, kind, judge.score(fresh[i], other), judge.probability(
                fresh[i], other), judgement.probability, judgement.same,
                # Sorted: names of one kind and core ("南湖社区", "南湖街道") are in set order
                # in a signature's parts (string hashing differs by process, on main too).
                [sorted(shared.names), list(shared.buildings), list(shared.things),
                 list(shared.demands), list(shared.counties)]])
    out.write_text(json.dumps({"threshold": judge.threshold, "rows": rows}))


def compare(main_file: Path, ours_file: Path) -> int:
    main, ours = json.loads(main_file.read_text()), json.loads(ours_file.read_text())
    assert main["threshold"] == ours["threshold"]
    assert len(main["rows"]) == len(ours["rows"]), "not the same pairs"
    worst = 0.0
    threshold = ours["threshold"]
    for old, new in zip(main["rows"], ours["rows"], strict=True):
        assert old[:3] == new[:3]
        for k in (3, 4, 5):
            worst = max(worst, abs(old[k] - new[k]))
            assert abs(old[k] - new[k]) <= TOLERANCE, (old, new)
        assert old[6] == new[6], ("decision", old, new)
        assert (old[3] >= threshold) == (new[3] >= threshold), ("score decision", old, new)
        assert old[7] == new[7], ("shared", old, new)
    pairs = {(row[0], row[1]) for row in ours["rows"]}
    print(json.dumps({"comparisons": len(ours["rows"]), "distinct pairs": len(pairs),
                      "largest difference": worst,
                      "same decisions": True}))
    return 0


def main(argv: list[str]) -> int:
    if "--emit" in argv:
        emit(Path(argv[argv.index("--root") + 1]).resolve(),
             Path(argv[argv.index("--out") + 1]))
        return 0
    other = Path(argv[argv.index("--main") + 1]).resolve()
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for name, root in (("main", other), ("ours", HERE)):
            out = Path(folder) / f"{name}.json"
            # Run from a neutral directory: the root given is the only nlp on the path.
            subprocess.run([sys.executable, str(HERE / "bench" / "pair_scores_check.py"),
                            "--emit", "--root", str(root), "--out", str(out)],
                           check=True, cwd=folder)
            files.append(out)
        return compare(files[0], files[1])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
