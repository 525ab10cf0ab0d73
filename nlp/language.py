"""Which language a message is written in — when it says so at all.

Chinese characters say Chinese, unless they are a few names in English prose ("the
construction site at 中山路 88号 works until 2am": a foreigner names the place as it is written,
and a Chinese reply would be read by no one). English is said only by English prose: two or
more English words, more than the words that read as pinyin. Latin letters alone say nothing: citizens write
pinyin ("bu manyi, yao fucha"), pinyin initials by SMS ("xq mk ld hl"), "ok", case numbers and
query codes; replying in English to any of them tells a Chinese petitioner they were not
understood. The dialogue keeps the petitioner's language when the text says none.
"""

from __future__ import annotations

import re
from functools import lru_cache

_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?:'[A-Za-z]+)?(?![A-Za-z0-9])")
_VOWEL = re.compile(r"[aeiouy]")


def _words(text: str) -> frozenset[str]:
    """A word list written as running text."""
    return frozenset(text.split())


# Toneless pinyin syllables (with v for ü, as pinyin keyboards take it).
_SYLLABLES = _words("""
a o e ai ei ao ou an en ang eng er yi ya yo ye yao you yan yin yang ying yong wu wa wo wai wei
wan wen wang weng yu yue yuan yun
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu
fa fo fei fou fan fen fang feng fu
da de dai dei dao dou dan den dang deng dong di die diao diu dian ding du duo dui duan dun
ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nv
nve nue
la le lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun
lv lve lue
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun
zhuang
cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
re ri rao rou ran ren rang reng rong ru ruo rui ruan run rua
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
sa se si sai sao sou san sen sang seng song su suo sui suan sun
""")
_LONGEST = 6  # "zhuang"

# Common English words, many of which also split into pinyin ("case" = ca·se, "name" = na·me,
# "time" = ti·me, "he", "me", "man"): English when they are among these.
_ENGLISH = _words("""
a an the i me my mine we us our you your he him his she her it its they them their this that
these those is am are was were be been being do does did done have has had will would can could
shall should may might must not no yes and or but if so to of in on at by for from with about as
into out up down over under after before than then there here where when what who whom whose
which why how all any some many much more most other another same such only also just very too
again still already yet please help name case time home day week month year today tomorrow
yesterday night morning problem report complain complaint status check number code phone call
street road light water power noise neighbor neighbour building house rent landlord police
broken fixed nobody someone anyone everyone people person man men woman women child children
want need tell told ask asked say said get got make made give given go went come came see saw
know knew think take took send sent wait waiting long since ago still been fine good bad
""")
# Courtesy and acknowledgements everyone types in Latin letters: they say no language.
_NEUTRAL = _words("""
ok okay okk kk hi hello hey bye byebye thx thanks thank ty pls plz yes yeah yep no nope sorry
sos lol haha hmm emm wow oh ah aha en um
""")


@lru_cache(maxsize=4096)
def is_pinyin(word: str) -> bool:
    """``word`` splits wholly into toneless pinyin syllables ("fucha", "xi'an", "manyi")."""
    word = word.lower().replace("'", "")
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        reachable[end] = any(reachable[start] and word[start:end] in _SYLLABLES
                             for start in range(max(0, end - _LONGEST), end))
    return bool(word) and reachable[len(word)]


def written_language(text: str) -> str:
    """``"zh"``, ``"en"``, or ``""`` when the text does not say (pinyin, "ok", a number)."""
    ideographs = len(_IDEOGRAPH.findall(text))
    if ideographs:
        return "en" if _prose_around_names(text, ideographs) else "zh"
    english = pinyin = 0
    for word in (w.lower() for w in _LATIN_WORD.findall(text)):
        if word in _NEUTRAL:
            continue
        if word in _ENGLISH:
            english += 1
        elif is_pinyin(word):
            pinyin += 1
        elif "'" in word or _VOWEL.search(word) and len(word) >= 3:
            english += 1  # an English word the list lacks ("streetlight", "garbage")
        # else: initials or an abbreviation ("xq", "ldhl", "thx"): no language
    return "en" if english >= 2 and english > pinyin else ""


#: English prose around Chinese names: at least this many Latin words, and at least one for
#: every two Chinese characters (a Chinese word is about two).
_PROSE_WORDS = 4


def _prose_around_names(text: str, ideographs: int) -> bool:
    """The Latin part of a text with Chinese characters reads as English prose, and outweighs
    the Chinese: place and unit names in an English message, not English words in Chinese."""
    latin = _IDEOGRAPH.sub(" ", text)
    words = len(_LATIN_WORD.findall(latin))
    return words >= _PROSE_WORDS and 2 * words >= ideographs and written_language(latin) == "en"
