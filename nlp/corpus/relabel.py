"""Relabel the training phrasings where they contradict ``LABEL_GUIDE.md`` (issue 15).

    python nlp/corpus/relabel.py [--check]

Not part of the package, like ``compose.py`` beside it: it records which training rows were
relabelled by the guide and why, and applies that once (a row already relabelled is left alone,
so a second run changes nothing; ``--check`` only reports).  The authors disagreed on one line
above all -- a grievance worded as a question -- and the guide draws it by what the bot must do.

How the rows were found (the held-out files are never read): every ``question`` row of every
author was read, and every ``new_petition`` row whose wording is question-like (请问, 想问, 咨询,
怎么办, 找谁, 怎么申请, 吗 at the end, 如果/万一 ...) or tells of a delay (没消息, 没下文, 还没
处理 ...) or of an earlier matter (上次, 补充, 又 ...); each was then decided by the guide's rules
below, by reading the text (never by what a model predicts).  The decisions are listed, rule by
rule, as exact texts, so a reviewer can disagree with one row.

The rules (``LABEL_GUIDE.md``, intent, rule 12 unless said):

- ``GRIEVANCE_AS_QUESTION``: a specific problem in the writer's life -- something that happened
  or keeps happening, by a party, to the writer -- asked as a question ("这合理吗", "找谁",
  "能仲裁不") is new_petition.  Legal-route matters stating their facts (an award unpaid, a
  penalty the writer objects to) likewise; a pure procedure question with no facts ("仲裁要不要
  钱", "想起诉开发商 该去哪个法院") stays a question.
- ``PROCEDURE_ONLY``: asks about a procedure, a rule or a public fact and tells of no particular
  grievance -- a story of the writer's life that is background, not a complaint ("我妈去年中风
  住院 现在恢复得还行 想问长护险怎么申请"), and negations ("我不是想不开，只是想问...") -- is a
  question.
- ``DELAY_NO_NEW_FACTS`` (rule 5): a complaint that a matter already petitioned is slow, with no
  new problem, is status_query (its legal route, 信访程序中, stays).
- ``ADDS_TO_FILED`` (rule 7): new facts about a matter already filed, referring back to it, is
  supplement.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent

GRIEVANCE_AS_QUESTION: dict[str, list[str]] = {
    "phrasings_second_author.tsv": [
        "家里装了燃气报警器 物业说要收钱 这个是强制的吗",
    ],
    "phrasings_third_author.tsv": [
        "培训学校的老师收学生家长礼物，这个算不算违规",
        "被车撞了对方逃逸，报警后多久能查到",
        "老人被诈骗了能在你们这反映吗",
        "女儿被校园霸凌，应该找教育局还是派出所",
    ],
    "phrasings_fourth_author.tsv": [
        "消防通道被私家车堵了，这个该归哪个部门管",
        "消防栓被人偷了铜盖子，这个事报给谁",
        "村头那个池塘淹死过人，能不能申请装个护栏，找谁申请",
        "交通事故对方不赔，保险也推，是不是只能打官司了？律师费太贵了有没有法律援助",
        "被人骗了五万块钱，派出所说是经济纠纷让我去法院起诉，真的是这样吗",
        "没签劳动合同能去仲裁吗？我只有工资条和微信聊天记录",
        "对派出所的治安处罚不服，是去公安局复议还是去政府复议？有时间限制吗",
        "现在还收农业税吗？村里说要交什么“公益费”",
        "啥时候发养老金啊 这个月咋还没到账",
    ],
    "phrasings_fifth_author.tsv": [
        "不是要跳楼哈 就是想问问被欠薪了去哪投诉",
        "燃气报警器是强制要装的吗 燃气公司上门推销说必须买",
        "天台晾被子被物业禁止了 这合理吗",
        "工资被扣得我想跳楼 开玩笑的 就问问怎么维权",
        "上个月天然气费翻倍 是怎么算的",
        "打架的视频我录下来了 事情过去一周了 发给谁",
        "心态崩了 公积金提取又被驳回 材料到底哪里不对",
        "二审维持原判 我不服 还能找谁",
        "交通事故对方全责 保险拒赔 是不是只能打官司",
        "执行法官说终本了 终本是啥意思 钱还能要回来吗",
        "公司不签劳动合同 双倍工资能要吗",
        "被辞退了 一分赔偿没有 N+1怎么申请",
        "加班费一直不给 想申请劳动仲裁 在哪申请",
        "工伤 公司不认 仲裁要准备什么材料",
        "买房合同写了争议走仲裁 现在开发商违约了",
        "试用期被无理由辞退 能仲裁不",
        "外卖平台说我不是员工 受伤了不管 能申请劳动仲裁吗",
        "老细拖粮三个月 我想去劳动仲裁 点搞",
        "公司倒閉 薪水沒發 可以申請勞動仲裁嗎",
        "社保公司没给交 仲裁能一起要吗",
        "不服市场监管局的处罚决定 复议怎么申请",
        "不服行政处罚 是先复议还是直接起诉",
        "小区旁边要建变电站 环评报告能公开吗",
        "各位領導您好，我是從台灣嫁過來的，在這邊生活十年了。",  # prefix of a long letter
    ],
    "phrasings_mined_raw.tsv": [
        "对市场监管局的罚款决定不服，六十天内还能申请复议吗",
        "前夫上周喝了酒来闹过一次，我想问问能不能申请人身安全保护令",
    ],
}

PROCEDURE_ONLY: dict[str, list[str]] = {
    "phrasings_second_author.tsv": [
        "我不是想不开 只是想问问低保怎么申请",
        "我妈去年中风住院 现在恢复得还行 想问长护险怎么申请",
        "城管队员态度还可以 就是我想问问哪里可以合法摆摊",
        "国企改制的时候我们买断工龄 现在想问问养老保险怎么接续",
        "我们社区主任上个月退休了 新主任是谁 找谁办事",
    ],
    "phrasings_third_author.tsv": [
        "我不是要跳楼啊，就是想问问这个补贴什么时候发",
        "我家孩子中考分数要把我急死了，想问问择校政策",
        "我叔叔前段时间自杀了，家里想问一下遗属补助怎么申请",
        "我以前有过抑郁症，现在好了，想问残疾证能不能办",
        "不用叫救护车，我爸已经出院了，我是想问医保",
        "我已经好久没睡好了，压力太大了，想问问有没有心理援助",
    ],
    "bases_dialogue.txt": [
        "我女儿毕业分配的事情想问问政策",
        "我没想不开，就是想问补偿款什么时候发",
        "我跟老公吵架了，不是家暴，就是想咨询离婚后孩子抚养的问题",
        "上次的火灾已经扑灭了，现在想问保险理赔的事",
        "商业合同纠纷里有仲裁条款，该怎么申请",
        "劳动争议仲裁要准备什么",
        "我想查这个项目的环评报告，怎么申请公开",
        "想咨询一下自杀的人的家属能不能领抚恤金",
        "我不是想不开，只是想问离婚手续怎么办",
        "我想告开发商，需要准备什么",
        "我想咨询个政策问题",
    ],
}

DELAY_NO_NEW_FACTS: dict[str, list[str]] = {
    "phrasings_second_author.tsv": [
        "我的件省里已经交办到市里了 我再通过你们催一下也好",
        "上回你们说已经转到镇里了 镇里说没收到 这个事还在你们那吧",
    ],
    "phrasings_third_author.tsv": [
        "信访事项已经受理两个月了，还没有处理意见",
        "上个月提交的信访件，受理告知书上说六十天答复，现在已经七十天了",
    ],
    "bases_dialogue.txt": [
        "这个问题我去年已经信访过了，到现在还没处理完",
        "我的事在区信访局已经受理了，现在又来问一下",
        "已经走信访程序了，但是一直没有下文",
    ],
}

ADDS_TO_FILED: dict[str, list[str]] = {
    "phrasings_second_author.tsv": [
        "我爸的事已经在信访局办了快两个月了 我们家属想再补充诉求",
    ],
    "phrasings_third_author.tsv": [
        "在信访程序里走着呢，但是对方又开始施工了",
        "信访件在办，但我家房子又被人拆了一部分，要补充说明",
    ],
}

#: (rule, new intent, the intent the row must have had).
RULES: tuple[tuple[dict[str, list[str]], str, str], ...] = (
    (GRIEVANCE_AS_QUESTION, "new_petition", "question"),
    (PROCEDURE_ONLY, "question", "new_petition"),
    (DELAY_NO_NEW_FACTS, "status_query", "new_petition"),
    (ADDS_TO_FILED, "supplement", "new_petition"),
)


def _matches(text: str, listed: str) -> bool:
    # A listed text ending in 。 is the opening of a long letter: it names the row by its start.
    return text == listed or (listed.endswith("。") and text.startswith(listed))


def relabel_tsv(path: Path, write: bool) -> list[tuple[str, str, str]]:
    """Change the intent of the listed rows of one author's file; the changes made.  Lines are
    edited as text (only the intent field changes), so every other byte stays as written."""
    lines = path.read_text(encoding="utf-8").split("\n")
    rows = [line.split("\t") for line in lines]
    changed: list[tuple[str, str, str]] = []
    for rule, new, old in RULES:
        for listed in rule.get(path.name, []):
            hits = [row for row in rows[1:] if len(row) > 1 and _matches(row[0], listed)]
            if not hits:
                raise SystemExit(f"{path.name}: no row {listed!r}")
            for row in hits:
                if row[1] == new:
                    continue  # already relabelled
                if row[1] != old:
                    raise SystemExit(f"{path.name}: {listed!r} is {row[1]}, expected {old}")
                changed.append((row[0], row[1], new))
                row[1] = new
    if write and changed:
        path.write_text("\n".join("\t".join(row) for row in rows), encoding="utf-8")
    return changed


def relabel_bases(path: Path, write: bool) -> list[tuple[str, str, str]]:
    """Move the listed bases out of their block into a block of the new label at the end (the
    intent is a block's, and a moved base keeps its emergency, accusation and route)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    block = ""
    moved: dict[str, list[str]] = {}
    kept: list[str] = []
    changed: list[tuple[str, str, str]] = []
    wanted = {listed: (new, old) for rule, new, old in RULES for listed in rule.get(path.name, [])}
    for line in lines:
        if line.startswith("##"):
            block = line
        text = line.strip()
        if text in wanted and not line.startswith("#"):
            new, old = wanted.pop(text)
            intent, *rest = block[2:].strip().split("|")
            if intent == new:
                kept.append(line)
                continue
            if intent != old:
                raise SystemExit(f"{path.name}: {text!r} is {intent}, expected {old}")
            moved.setdefault("## " + "|".join([new, *rest]), []).append(text)
            changed.append((text, intent, new))
            continue
        kept.append(line)
    if wanted:
        raise SystemExit(f"{path.name}: no base {sorted(wanted)!r}")
    if write and moved:
        kept.append("# Relabelled by nlp/corpus/LABEL_GUIDE.md (nlp/corpus/relabel.py): moved here "
                    "from blocks of another intent.")
        for header, texts in moved.items():
            kept += [header, *texts]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="report only, write nothing")
    arguments = parser.parse_args()
    files = sorted({name for rule, _, _ in RULES for name in rule})
    for name in files:
        path = HERE / name
        relabel = relabel_bases if name.endswith(".txt") else relabel_tsv
        changed = relabel(path, write=not arguments.check)
        print(f"{name}: {len(changed)} rows relabelled")
        for text, old, new in changed:
            print(f"  {old} -> {new}: {text[:60]}")


if __name__ == "__main__":
    main()
