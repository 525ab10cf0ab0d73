"""Place and party names, session 27 (helper places32): a greeting, a preface, a dialect
pronoun or a verb of the story is never read into a name.

Names are read backwards from their designator (小区, 花园, 路, 村, 公司 …) up to a boundary
word; "你好东湖花园" was read as the estate "你好东湖", "电视开机一看里" as a 里 called
"电视开机一看", so two tellers of one matter named two places and the pair was set apart.
The boundary words now include ``story_words`` (``nlp/data/matter_lexicon.toml``). Every
sentence is written for these tests (none is a corpus row)."""

from __future__ import annotations

import pytest

from nlp.matter import MatterJudge
from nlp.matter_model import places_conflict
from nlp.matter_parts import PartsReader
from nlp.normalize import normalize
from nlp.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def reader() -> PartsReader:
    return PartsReader()


@pytest.fixture(scope="module")
def judge() -> MatterJudge:
    return MatterJudge.load(Tokenizer())


def _names(reader: PartsReader, text: str) -> set[str]:
    return {name.text for name in reader.read(normalize(text)).names}


@pytest.mark.parametrize(("text", "names"), [
    # Greetings and prefaces before the place.
    ("你好 枫丹花园3栋楼下的烧烤店天天排油烟", {"枫丹花园"}),
    ("您好枫丹花园的路灯坏了半个月了", {"枫丹花园"}),
    ("请问桂香里的垃圾站什么时候清运", {"桂香里"}),
    ("打扰一下 青松路上的井盖丢了", {"青松路"}),
    ("麻烦翠竹苑物业管一管楼道堆物", {"翠竹苑", "翠竹苑物业"}),
    ("想问下柳树村的补偿款啥时候发", {"柳树村"}),
    ("谢谢石榴小区的网格员帮忙", {"石榴小区"}),
    ("我想反映锦江花园地下车库漏水", {"锦江花园"}),
    ("我要投诉红旗路夜市占道经营", {"红旗路"}),
    # Dialect pronouns.
    ("侬好阿拉梅园新村电梯又坏了", {"梅园新村"}),
    ("俺杏花村的机井坏了浇不上地", {"杏花村"}),
    # Verbs and clause fragments of the story.
    ("家里电视开机一看里头进水了", set()),
    ("修了好几回修修路也不平", set()),
    ("宏盛建筑欠金湾花园工地的工钱", {"金湾花园"}),
    ("找宏顺劳务公司要工资没人理", {"宏顺劳务公司"}),
    ("孩子掉进坑里了 就在南苑路上", {"南苑路"}),
    # Proper names that hold no such word are read as before.
    ("幸福里小区的电梯坏了", {"幸福里", "幸福里小区"}),
    ("和平里3号楼的暖气不热", {"和平里"}),
    ("胜利新村门口的垃圾没人清", {"胜利新村"}),
    ("解放路东头的路灯不亮", {"解放路"}),
])
def test_the_names_read(reader: PartsReader, text: str, names: set[str]) -> None:
    assert _names(reader, text) == names


def test_a_greeting_names_no_other_place(judge: MatterJudge) -> None:
    """The same place, greeted or not, is one place; another place greeted the same way is
    another (the decide mix's alerts read "你好东湖花园" beside "东湖花园")."""
    greeted = judge.sign("你好 枫丹花园3栋楼下的烧烤店油烟直排，熏得没法开窗，请管一管")
    plain = judge.sign("枫丹花园3栋楼下烧烤店的油烟天天往楼上飘，窗户都不敢开")
    elsewhere = judge.sign("你好 翠竹苑2栋楼下的烧烤店油烟直排，熏得没法开窗，请管一管")
    assert not places_conflict(greeted, plain)
    assert places_conflict(greeted, elsewhere)


def test_a_retelling_with_a_story_verb_is_joined(judge: MatterJudge) -> None:
    """A verb of the story read into a name ("电视开机一看里") made a place the letter did not
    name, and the retelling was vetoed at 0."""
    letter = judge.sign("我在新华路顺达家电城买了一台标着全新的冰箱，到家开机发现里面有划痕和"
                        "别人用过的痕迹，是翻新机，要求退货")
    short = judge.sign("在顺达买的冰箱 开机一看里头有旧划痕 是翻新的 我要退货")
    assert not places_conflict(letter, short)
