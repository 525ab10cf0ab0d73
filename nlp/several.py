"""A message that tells several matters ("我反映两件事。第一，…；第二，…", "…。另外还有一件事，…").

One matter, one case (一事一单): each goes to its own unit and deadline. The split is taken
only where the writer marks it (an enumeration, or "another matter" said in words); the
analyzer then reads each part, and a message whose parts are all one kind of matter is one
matter told in points.
"""

from __future__ import annotations

import re

# Enumerations: 一是…二是…, 第一…第二…, 1、…2、…, （1）…（2）…, and a letter's 一、…二、… at
# the start of a clause (not "一、二楼的住户", a range of floors).
_ENUMERATION = re.compile(
    r"(?:(?:^|(?<=[\s。；;：:！!？?]))[一二三四五六七八九十]、(?![一二三四五六七八九十])|[一二三四五]是|其[一二三四五][，,、：:]|第[一二三四五](?:件事|个问题|点|条|项)?[，,、：:是]|"
    r"(?<![0-9])[1-5][、．)）](?![0-9])|[（(][1-5一二三四五][)）])")
# "Another matter" said in words.
_ANOTHER = re.compile(
    r"(?:另外|此外|还有|再)(?:还有|反映)?(?:一|个)(?:件事|个事|个问题|件事情)[，,。：:！!]?|"
    r"另一件事[，,。：:]?|另外一个问题[，,。：:]?")
#: A part must tell at least this many characters to be a matter.
MIN_PART_CHARS = 8
_HAN = re.compile(r"[\u4e00-\u9fff]")


def split_matters(text: str) -> tuple[str, ...]:
    """The matters ``text`` (normalized) marks apart, each without its marker; () for one."""
    enumerated = list(_ENUMERATION.finditer(text))
    marks = enumerated if len(enumerated) >= 2 else []
    another = list(_ANOTHER.finditer(text))
    if not marks and not another:
        return ()
    marks = sorted(marks + another, key=lambda m: m.start())
    parts = []
    if not enumerated or marks[0] in another:
        parts.append(text[:marks[0].start()])  # the matter told before "另外还有一件事"
    for mark, after in zip(marks, [*marks[1:], None], strict=True):
        parts.append(text[mark.end():after.start() if after is not None else len(text)])
    told = tuple(p.strip(" ，,。；;：:") for p in parts
                 if len(_HAN.findall(p)) >= MIN_PART_CHARS)
    return told if len(told) >= 2 else ()
