"""Compose ``phrasings_train.tsv`` and ``phrasings_dev.tsv`` from the hand-written bases.

    python nlp/corpus/compose.py

Not part of the package: it is how the corpus files were made, kept so that a reviewer can see
which rows are written variants of which base.  Each base in ``bases_dialogue.txt`` yields itself
and two written variants (traditional characters, punctuation dropped, homophone typos, dialect
words, pinyin or English mixed in, fillers a hurried writer adds); the choice is seeded by the
base's text, so the output is the same on every run.  A base and its variants always land in the
same split (every fifth base of a block goes to dev), so dev never sees a sibling of a training
sentence.  Wordings seen in the shared raw messages come in as paraphrases written here
(``phrasings_mined_raw.tsv``): the shared data may not be copied into the repository, so no
title is taken as written (an earlier version did; those rows are gone).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
HEADER = ("text", "intent", "emergency_kind", "accusation", "legal_route")

_PUNCT = re.compile(r"[，。！？、：；,.!?:;\s]+")
_HOMOPHONES = {
    "的": "滴", "在": "再", "怎么": "怎莫", "什么": "神马", "已经": "以经", "进度": "近度",
    "投诉": "头诉", "处理": "处里", "问题": "问提", "工资": "公资", "消息": "消习", "现在": "现再",
    "反映": "反应", "材料": "材尞", "补充": "补冲", "燃气": "然气", "着火": "着伙", "跳楼": "跳搂",
    "自杀": "自刹", "复查": "复察", "举报": "局报", "贪污": "贪乌", "仲裁": "仲栽", "起诉": "起述",
    "预约": "预越", "撤回": "撤会", "满意": "蛮意", "有没有": "有木有", "这个": "酱个",
    "领导": "零导", "结果": "节果", "办理": "办里", "煤气": "媒气", "受贿": "受回", "谢谢": "谢谢啦",
}
_DIALECT = {
    "什么": "啥", "怎么": "咋", "我们": "俺们", "没有": "莫得", "不知道": "不晓得", "知道": "晓得",
    "干什么": "干啥子", "非常": "老", "很": "贼", "一点": "一丢丢", "这样": "酱紫", "现在": "这会儿",
    "看看": "瞅瞅", "孩子": "娃", "吗": "不", "怎么样": "咋样",
}
_PINYIN = {
    "投诉": "tousu", "进度": "jindu", "怎么样": "zenmeyang", "补充": "buchong", "谢谢": "xiexie",
    "举报": "jubao", "跳楼": "tiaolou", "着火": "zhaohuo", "煤气": "meiqi", "工资": "gongzi",
    "领导": "lingdao", "预约": "yuyue", "复查": "fucha", "撤回": "chehui", "满意": "manyi",
    "物业": "wuye", "法院": "fayuan", "仲裁": "zhongcai", "不想活": "buxianghuo", "打人": "daren",
    "贪污": "tanwu", "受贿": "shouhui", "结果": "jieguo",
}
_ENGLISH = {
    "投诉": "complaint", "进度": "progress", "照片": "photos", "谢谢": "thx", "领导": "leader",
    "老板": "boss", "工资": "salary", "物业": "property", "电梯": "lift", "紧急": "urgent",
    "满意": "satisfied", "法院": "court",
}
_PREFIXES = ("你好，", "您好 ", "喂 ", "请问", "麻烦问一下，", "同志，", "那个，", "领导好，", "hi ", "急！")
_SUFFIXES = ("。。。", "！！", "？？", "，谢谢", "啊", "呢", "哦", "，在线等", "…", " ")
_PETITION_FRAMES = (
    ("我是附近的居民，", "，希望有关部门尽快处理"), ("", "，麻烦你们管一管"),
    ("反映个情况：", ""), ("", "，请尽快派人来"), ("实在没办法了才找你们，", ""),
)
_TRADITIONAL = opencc.OpenCC("s2t")


def _replace_one(table: dict[str, str], text: str, rng: random.Random) -> str:
    keys = [key for key in table if key in text]
    if not keys:
        return text
    key = rng.choice(sorted(keys))
    return text.replace(key, table[key], 1)


def _framed(text: str, rng: random.Random) -> str:
    before, after = rng.choice(_PETITION_FRAMES)
    return before + text.rstrip("。") + after


def _variants(text: str, intent: str) -> list[Callable[[str, random.Random], str]]:
    english = not re.search("[\u4e00-\u9fff]", text)
    chosen: list[Callable[[str, random.Random], str]] = [
        lambda t, r: r.choice(_PREFIXES) + t,
        lambda t, r: t.rstrip("。！？") + r.choice(_SUFFIXES),
    ]
    if english:
        return chosen
    chosen += [
        lambda t, r: _TRADITIONAL.convert(t),
        lambda t, r: _PUNCT.sub("", t),
        lambda t, r: _replace_one(_HOMOPHONES, t, r),
        lambda t, r: _replace_one(_DIALECT, t, r),
        lambda t, r: _replace_one(_PINYIN, t, r),
        lambda t, r: _replace_one(_ENGLISH, t, r),
        lambda t, r: _PUNCT.sub("", _replace_one(_HOMOPHONES, t, r)),
        lambda t, r: _TRADITIONAL.convert(_replace_one(_DIALECT, t, r)),
    ]
    if intent == "new_petition":
        chosen.append(_framed)
    return chosen


def _family(text: str, intent: str, count: int = 2) -> list[str]:
    rng = random.Random(zlib.crc32(text.encode()))
    transforms = _variants(text, intent)
    rng.shuffle(transforms)
    result = [text]
    for transform in transforms:
        if len(result) > count:
            break
        variant = transform(text, rng).strip()
        if variant and variant not in result:
            result.append(variant)
    return result


def read_bases(path: Path) -> list[tuple[tuple[str, ...], list[str]]]:
    """Blocks of (labels, base texts) from the bases file."""
    blocks: list[tuple[tuple[str, ...], list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or (line.startswith("#") and not line.startswith("##")):
            continue
        if line.startswith("##"):
            intent, kind, accusation, route = line[2:].strip().split("|")
            blocks.append(((intent, kind, accusation or "0", route), []))
        else:
            blocks[-1][1].append(line)
    return blocks


#: The independent authors' files, in the order they were written; each row trains (every fifth
#: to dev).  The first author is the bases file with its variants and the mined titles.
AUTHOR_FILES: dict[str, str] = {
    "second": "phrasings_second_author.tsv",
    "third": "phrasings_third_author.tsv",
    # Wordings seen in the shared raw messages (hazards that are not emergencies, past violence,
    # court, arbitration and disclosure matters, officials' graft, "still no answer"), written
    # anew in this project's words: the data may not be copied into the repository.
    "mined": "phrasings_mined_raw.tsv",
    # Two more authors, each asked for the format only (rural and elderly speech, dialects and
    # long letters; urban chat with pinyin, English, traditional characters and emoji).
    "fourth": "phrasings_fourth_author.tsv",
    "fifth": "phrasings_fifth_author.tsv",
    # The first author to write by LABEL_GUIDE.md (issue 15): the question / new-matter line,
    # status questions in many words (delay complaints among them), withdrawals.
    "seventh": "phrasings_seventh_author.tsv",
    # An eighth, also by the guide: legal routes told without their legal terms (a fine to
    # challenge, a judgment not enforced), indirect emergencies and their calm look-alikes
    # ("不想留名", "不想再跑了"). Its author labelled every wage claim 仲裁; the route was
    # cleared (63 rows) where no arbitration is named, as every other author labels them.
    # Added because leave-one-author-out says so: on the seven other sources, intent 0.892 →
    # 0.895, emergency recall 0.989 → 0.994, route recall 0.883 → 0.904 (docs/NLP.md).
    "eighth": "phrasings_eighth_author.tsv",
    # Session 7, both by the guide: the ninth, indirect emergencies (medical needs told as no
    # access to care above all), their calm look-alikes and legal routes in plain words; the
    # tenth, intent in many voices (grievances worded as questions, general questions, status
    # questions told as complaints). The tenth labelled every labour dispute 仲裁; as with the
    # eighth, the route was cleared (22 rows) where no arbitration or award is named.
    "ninth": "phrasings_ninth_author.tsv",
    "tenth": "phrasings_tenth_author.tsv",
    # The eleventh: what an intake clerk types in — long letters, accusations told indirectly
    # (红包, 亲戚中标, 截留) and their look-alikes, every legal route, emergencies buried late
    # in a letter.
    "eleventh": "phrasings_eleventh_author.tsv",
    # The twelfth: text messages typed fast (2–40 characters, homophone typos, dialect, pinyin);
    # the thirteenth: chat that hedges, buries its point, changes its mind. The thirteenth's
    # author also made ~240 copies of its own sentences with an opener or closer added ("在吗？",
    # "🙏"); they were dropped before any run (705 hand-written rows kept).
    "twelfth": "phrasings_twelfth_author.tsv",
    "thirteenth": "phrasings_thirteenth_author.tsv",
    # The fourteenth: old people and villagers, dictated or typed by voice (no punctuation,
    # fillers, stories in time order); the fifteenth: formal letters in the bureaucratic
    # register, and foreigners writing English, mixed or learner's Chinese.
    "fourteenth": "phrasings_fourteenth_author.tsv",
    "fifteenth": "phrasings_fifteenth_author.tsv",
    # The sixteenth: working people in a fast city (riders, site and warehouse workers, night
    # nurses), slang and venting; the seventeenth: families and public services (school places,
    # carers of the old and disabled, tenants, small traders), polite, anxious, detailed.
    "sixteenth": "phrasings_sixteenth_author.tsv",
    "seventeenth": "phrasings_seventeenth_author.tsv",
    # Session 8, all by the guide, each joined after leave-one-author-out (docs/NLP.md): the
    # eighteenth, students and young renters (slang, pinyin initials, emoji, sarcasm); the
    # nineteenth, small traders and drivers (fines, permits, officials' 好处费 and their
    # look-alikes); the twentieth, the short turns of a chat out of context ("人呢", "5", "还有个
    # 事"); the twenty-first, regional speech and scripts (Cantonese, Northeastern, Sichuanese,
    # Wu, Hong Kong and Taiwan usage); the twenty-second, public-service paperwork (social
    # security, hukou, school places), rules asked against one's own case refused.
    "eighteenth": "phrasings_eighteenth_author.tsv",
    "nineteenth": "phrasings_nineteenth_author.tsv",
    "twentieth": "phrasings_twentieth_author.tsv",
    "twentyfirst": "phrasings_twentyfirst_author.tsv",
    "twentysecond": "phrasings_twentysecond_author.tsv",
    # A second round of session 8, also joined after leave-one-author-out: the twenty-third,
    # villagers (land, 宅基地, village accounts and cadres); the twenty-fourth, 12345 and intake
    # work orders in the operator's third person ("来电人咨询…", "来电人催办…") beside
    # first-person messages; the twenty-fifth, consumers and home buyers (烂尾楼, prepaid firms
    # that vanished, buyers' groups); the twenty-sixth, parents, teachers and patients; the
    # twenty-seventh, long-time petitioners and retirees (matters re-raised for years, appeals).
    "twentythird": "phrasings_twentythird_author.tsv",
    "twentyfourth": "phrasings_twentyfourth_author.tsv",
    "twentyfifth": "phrasings_twentyfifth_author.tsv",
    "twentysixth": "phrasings_twentysixth_author.tsv",
    "twentyseventh": "phrasings_twentyseventh_author.tsv",
    # Session 9, by the guide, joined after leave-one-author-out (docs/NLP.md), each with a large
    # share of the new-matter / question / status line written as minimal contrasts in its own
    # topics: the twenty-eighth, people with disabilities, their carers and old people living
    # alone (voice input, a relative typing); the twenty-ninth, neighbourhood nuisances (noise,
    # smells, pets, parking) told as sarcastic questions; the thirtieth, women and families
    # (violence told indirectly or typed in secret, support, custody); the thirty-first,
    # insiders and whistleblowers (cautious accusations and their many look-alikes); the
    # thirty-second, social and medical insurance, pensions, hukou and 低保.
    "twentyeighth": "phrasings_twentyeighth_author.tsv",
    "twentyninth": "phrasings_twentyninth_author.tsv",
    "thirtieth": "phrasings_thirtieth_author.tsv",
    "thirtyfirst": "phrasings_thirtyfirst_author.tsv",
    "thirtysecond": "phrasings_thirtysecond_author.tsv",
    # A second round of session 9, also joined after leave-one-author-out: the thirty-third,
    # demolition and land requisition (despair and gatherings beside their calm look-alikes);
    # the thirty-fourth, drivers, riders and pedestrians (fines, roads, accidents now and long
    # past); the thirty-fifth, migrant workers typing on cheap phones (wages, injuries, dialect);
    # the thirty-sixth, fraud victims and police matters; the thirty-seventh, utilities and city
    # services in terse texts.
    "thirtythird": "phrasings_thirtythird_author.tsv",
    "thirtyfourth": "phrasings_thirtyfourth_author.tsv",
    "thirtyfifth": "phrasings_thirtyfifth_author.tsv",
    "thirtysixth": "phrasings_thirtysixth_author.tsv",
    "thirtyseventh": "phrasings_thirtyseventh_author.tsv",
    # Of the third round, the one joined alone after its own run: the forty-first, citizens
    # writing again about a matter filed (progress, corrections, material, ratings, appeals; a
    # new matter one row in five). Over the 27 earlier sources, intent 0.944 -> 0.945 and the
    # lowest emergency recall 0.90 -> 0.92, accusation unchanged (docs/NLP.md).
    "fortyfirst": "phrasings_fortyfirst_author.tsv",
    # Session 10: short lines where a told grievance and a question are a word apart: a hotline
    # operator's work-order subject lines ("投诉 …", "咨询 …") and citizens' hurried texts of a
    # few words (codes, plates and links pasted at the end).  Joined by their leave-groups-out
    # run (docs/NLP.md).
    "fortythird": "phrasings_fortythird_author.tsv",
    "fortyfourth": "phrasings_fortyfourth_author.tsv",
    # Session 13: registers that opened empty cases — small talk and bot-testing ("在吗", "测试"),
    # jokes, venting and insults with nothing to act on, everyday withdrawals, pinyin or
    # romanized progress questions and ratings — beside their look-alikes (an insult with a
    # matter, a joke hiding a danger, venting that names an official, "算了" of a queue).
    # Joined by its leave-groups-out run: intent 0.9462 -> 0.9465 over the 27 earlier sources
    # (a hair), lowest emergency recall 0.88 -> 0.90, lowest accusation recall unchanged
    # (docs/NLP.md).
    "fortysixth": "phrasings_fortysixth_author.tsv",
    # Session 14 (issue 15's pre-guide set): the question / new-matter / status line in one
    # author's words — grievances told as questions and rhetorical questions ("为啥…", "有人管
    # 吗", "这合理吗") beside questions of procedure, law and where to go, hypotheticals beside
    # the same thing as a fact, status asks in many forms beside a delay that names a new
    # problem; traditional characters, Cantonese, pinyin, dialect, typos, no punctuation.
    # Joined by its leave-groups-out run (docs/NLP.md).
    "fortyseventh": "phrasings_fortyseventh_author.tsv",
    # Session 17 (helper probe17e, by the guide): gatherings announced or planned (静坐, 堵门,
    # 拉横幅, 组团上访, "闹大") beside calm joint letters; police matters with danger now
    # (violence, stalking, a burglary or a scam under way) beside past thefts and frauds; and
    # everyday words of a danger (差点撞了, 吓死我了, 气得我要跳起来, 烦死了) told to ask for a
    # fix, beside real emergencies in the same words.
    "probe17e": "phrasings_probe17e_author.tsv",
    # Session 18 (helper intent21, by the guide), aimed at the intent confusions of dev and of
    # leaving authors out: grievances told as questions ("…这合理吗", "…找谁") beside questions of
    # rule told with a past event or a purpose ("写社区手册用的", "就问问"); status asks told as
    # complaints about delay, in pinyin, English and Cantonese, beside new matters that wait on
    # another body; supplements with no cue word beside new matters said to be another thing;
    # thanks and grades in words, small talk in the words of danger, help beside questions
    # about the service. Joined (session 18, the lead) with the intent head's concept family at
    # 0.3 (dialogue_training.INTENT_CONCEPT_WEIGHT): leaving groups out, intent 0.9474 -> 0.9535
    # over the 27 earlier sources; the old dev's intent 0.9460 -> 0.9519, the right route lost two
    # sentences of 1,185; the whole bot on 2,000 dev rows registered as many new matters (603 of
    # 615) and alarmed ten more calm messages of 3,472 (docs/NLP.md, session 18).
    "fortyninth": "phrasings_fortyninth_author.tsv",
    # Session 25 (helper model30, by the guide; issue 15): legal routes in everyday words, the
    # class a citizen probe found unnamed on 12 of 30 messages (docs/NLP.md, probe29): dismissal
    # in probation, an arbitral award unpaid, an insurer refusing, inheritance between siblings,
    # a landlord's deposit, a bureau's decision objected to ("…不服 能复议吗"), information
    # requests, matters answered before and re-raised, officials accused; in a second part the
    # route implied by the dispute and not named; beside questions of rule with no own matter and
    # complaints a bureau can act on (no route). Near copies (character-bigram Jaccard >= 0.5) of
    # any readable phrasing row dropped. Kept aside in session 25 (one dev accusation row of 448
    # lower with the C 300 model, the gate then asked "not one row lower"); joined in session 26
    # (helper model31) with the converged C 300 intent head, under the lead's gate of at most
    # two rows lower (docs/NLP.md, session 26).
    "fiftyfourth": "phrasings_fiftyfourth_author.tsv",
}

#: Written by the guide in session 9's third round and not joined: leaving five groups of
#: authors out, the five together moved intent by +0.15 points on the 27 earlier sources while
#: the lowest author's emergency and accusation recall each lost a sentence (docs/NLP.md); the
#: forty-first alone did better and joined (above). These four stay as authors the shipped
#: model never saw, scored with ``eval-dialogue --heldout``.
NOT_JOINED: dict[str, str] = {
    # school pupils; savers and investors; retirees' rambling voice messages; rural pollution.
    "thirtyeighth": "phrasings_thirtyeighth_author.tsv",
    "thirtyninth": "phrasings_thirtyninth_author.tsv",
    "fortieth": "phrasings_fortieth_author.tsv",
    "fortysecond": "phrasings_fortysecond_author.tsv",
    # Session 15 (issue 15's pre-guide set, again): older people's speech and people writing for
    # them, SMS shorthand (nh, xx, zm, sm), regional words (Sichuan, the north-east, Henan,
    # Shanghai, Cantonese), run-ons with no punctuation; questions that name a past event
    # ("前几年我家着过一回火 现在想问问…"), status asks that name the matter, sets of one topic
    # as a hypothetical, a fact, a status ask and a supplement; indirect emergencies and veiled
    # accusations of officials named by role. Not joined: joined, leaving groups out moved
    # intent 0.9478 -> 0.9469 over the 27 earlier sources and dev intent fell (docs/NLP.md).
    "fortyeighth": "phrasings_fortyeighth_author.tsv",
    # Session 19 (helper intent23, by the guide), aimed at the confusions left after the
    # forty-ninth: the writer's own grievance with a procedural ask before or after it ("劳动仲裁
    # 要交钱吗 我在汽修厂干了八个月一分没拿到"), beside asks of rule with a hypothetical, a purpose
    # or a settled past; delay told with details or sarcasm as a status ask, beside matters that
    # wait on another body; supplements with no cue word, beside "another matter"; three-character
    # texts, long letters, Cantonese, pinyin, English, typos; near copies of any earlier row (dev
    # included) dropped. Not joined: joined, leaving groups out moved intent 0.9535 -> 0.9541 and
    # the old dev 0.9513 -> 0.9523, but the whole bot on 2,000 dev rows registered one new matter
    # fewer (632 -> 631 of 649) and advised 18 more calm messages of 3,476 (docs/NLP.md).
    "fiftieth": "phrasings_fiftieth_author.tsv",
    # Session 20 (helper intent24, by the guide), aimed at issue 15's class of a complaint or
    # request written as a question: rhetorical and indignant questions that tell of a problem
    # at a place or over a time ("…都没人管", "…谁来修", "凭什么…", "还让不让人睡觉了", "…啥时候
    # 来电") beside real asks of procedure, rule and the service (hypotheticals, a purpose, "不是
    # 投诉"), asks about one's own matter filed, visits asked for as a question ("明天能去你们那
    # 当面说吗"), and complaints opened with a greeting; colloquial, dialect, Cantonese,
    # traditional characters, pinyin, English, typos, long letters ending in a question. Not
    # joined: joined, the old dev's intent fell 0.9513 -> 0.9495 (with a duration cue in the
    # grievance family, 0.9513 -> 0.9513) and its accusation recall 0.9707 -> 0.9662 (docs/NLP.md).
    "fiftyfirst": "phrasings_fiftyfirst_author.tsv",
    # Session 20 (helper emerg24, by the guide): plain threats to one's life in the many ways
    # people say them (跳楼, 跳河, 喝药, 上吊, 烧炭, 割腕, 卧轨, 自焚 and fire set to oneself, 不活了,
    # 一了百了, 死给你们看, despair: 活不下去了, 这日子没法过了), in typos, pinyin, English,
    # traditional characters and dialect, beside the calm uses of the same words (跳楼价, 气得想
    # 跳楼, denials, hypotheticals, the past, news of others, jokes, a death told as a grievance:
    # "现在人走了"); every other kind in everyday words beside its look-alikes (上火, 火车, 煤气费,
    # 打官司); short mid-dialogue replies of danger and of calm. The corpus wrote 跳楼 in 45 calm
    # sentences and one threat: the head read "我要跳楼" as calm. Not joined: joined and retrained,
    # the head heard the threats itself ("我要跳楼" 0.68) and dev emergency recall held (0.9978),
    # but dev intent fell 0.9513 -> 0.9492 and three conversation tests broke on short calm
    # replies read anew ("我就不说了" as self-harm 0.20, "我要见你们领导", a route question):
    # it needs calm "我就…/我要…" rows beside its threats first (docs/NLP.md, session 20).
    "fiftysecond": "phrasings_fiftysecond_author.tsv",
    # Session 23 (helper intent28, by the guide), written after reading the misses of the eight
    # files above, so no unseen author for them: questions told with a settled past, someone
    # else's event, a denial or a purpose, beside the writer's own grievance asked; status asks
    # that name the matter filed beside another body's promise delayed (new matters);
    # supplements beside "another matter" and a matter re-raised after its answer; thanks
    # stories and calm corrections after an alarm beside short threats; grades beside a grade
    # with a new grievance. Not joined: joined and retrained, the eight files' intent 0.9374 ->
    # 0.9425 against a retrain without it on the same code, but against the shipped model
    # (0.9409, old dev 0.9518) the gate failed either way: old dev accusation recall 0.9707 ->
    # 0.9685, or, with one row's accusation labelled by the guide, old dev intent 0.9518 ->
    # 0.9511 and the right route 0.9377 -> 0.9369 (docs/NLP.md, session 23).
    "fiftythird": "phrasings_fiftythird_author.tsv",
}

_NOT_WORDS = re.compile(r"[\W_]+")


def _guide_example(text: str, guide: str = "") -> bool:
    """Whether ``text`` is one of LABEL_GUIDE.md's own examples (punctuation aside): those are
    the guide's words, no author's, and a held-out author may quote them too."""
    bare = _NOT_WORDS.sub("", text)
    return len(bare) >= 6 and bare in (guide or _GUIDE)


_GUIDE = _NOT_WORDS.sub("", (HERE / "LABEL_GUIDE.md").read_text(encoding="utf-8"))


def _read_rows(path: Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [tuple(fields) for fields in rows[1:] if fields and "".join(fields).strip()]


def author_rows() -> dict[str, list[tuple[str, ...]]]:
    """Every author's rows, before splitting; a text already seen under an earlier author is
    left out of a later one (so an author left out never shares a sentence with training)."""
    seen: set[str] = set()
    first: list[tuple[str, ...]] = []
    for labels, texts in read_bases(HERE / "bases_dialogue.txt"):
        for base in texts:
            for text in _family(base, labels[0]):
                if text not in seen:
                    seen.add(text)
                    first.append((text, *labels))
    authors = {"first": first}
    for name, file in AUTHOR_FILES.items():
        if not (HERE / file).exists():
            continue
        rows = []
        for fields in _read_rows(HERE / file):
            if fields[0] not in seen and not _guide_example(fields[0]):
                seen.add(fields[0])
                rows.append(fields)
        authors[name] = rows
    return authors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.parse_args()
    train: list[tuple[str, ...]] = []
    dev: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for labels, texts in read_bases(HERE / "bases_dialogue.txt"):
        for index, base in enumerate(texts):
            target = dev if index % 5 == 2 else train
            for text in _family(base, labels[0]):
                if text not in seen:
                    seen.add(text)
                    target.append((text, *labels))
    # A second author's phrasings (written independently of the bases and their lexicon; first
    # used as the held-out set, where the model scored far below its own dev figures): every
    # fifth row to dev, the rest to training, so the model learns another person's words.
    # A third author's, written the same way (more emergencies and accusations), likewise, and
    # every later source of AUTHOR_FILES.
    for name in AUTHOR_FILES.values():
        if not (HERE / name).exists():
            continue
        with (HERE / name).open(encoding="utf-8", newline="") as handle:
            for index, fields in enumerate(csv.reader(handle, delimiter="\t",
                                                      quoting=csv.QUOTE_NONE)):
                if index and fields[0] not in seen and not _guide_example(fields[0]):
                    seen.add(fields[0])
                    (dev if index % 5 == 2 else train).append(tuple(fields))
    for name, rows in (("phrasings_train.tsv", train), ("phrasings_dev.tsv", dev)):
        with (HERE / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                                escapechar="\\")
            writer.writerow(HEADER)
            writer.writerows(rows)
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
