"""A name written in Latin letters after its cue, in English or pinyin, is the petitioner's name
(session 17: "wo jiao li ming, dian hua 138…" gave the phone and was asked the name again)."""

from __future__ import annotations

import pytest

from nlp.normalize import normalize
from nlp.particulars import extract_particulars


@pytest.mark.parametrize(("text", "name"), [
    ("my name is Wang Lei, phone 13800138332", "Wang Lei"),
    ("wo jiao li ming, dian hua 13800138331", "Li Ming"),
    ("Name: Zhang Wei", "Zhang Wei"),
    ("wo de ming zi shi chen xiao yu", "Chen Xiao Yu"),
    ("hi, my name's Zhao Min and my number is 13800138335", "Zhao Min"),
])
def test_a_latin_name_after_its_cue_is_read(text: str, name: str) -> None:
    assert extract_particulars(normalize(text), source=text).name == name


@pytest.mark.parametrize("text", ["my name is not important", "call me anytime",
                                  "the street lights on Renmin Road are broken"])
def test_no_name_where_none_is_given(text: str) -> None:
    assert extract_particulars(normalize(text), source=text).name == ""


def test_a_name_in_characters_is_still_read_first() -> None:
    text = "我叫李明 my name is Li Ming"
    assert extract_particulars(normalize(text), source=text).name == "李明"
