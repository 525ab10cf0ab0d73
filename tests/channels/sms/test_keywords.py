"""Keywords are the whole message, in any case or width, and nothing else."""

from __future__ import annotations

import pytest

from channels.sms import Keyword, detect_keyword


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("STOP", Keyword.OPT_OUT),
        ("stop", Keyword.OPT_OUT),
        ("Stop.", Keyword.OPT_OUT),
        ("ＳＴＯＰ", Keyword.OPT_OUT),
        ("ｓｔｏｐ！", Keyword.OPT_OUT),
        ("  unsubscribe\n", Keyword.OPT_OUT),
        ("END", Keyword.OPT_OUT),
        ("Quit", Keyword.OPT_OUT),
        ("cancel", Keyword.OPT_OUT),
        ("STOPALL", Keyword.OPT_OUT),
        ("TD", Keyword.OPT_OUT),
        ("ｔｄ", Keyword.OPT_OUT),
        ("退订", Keyword.OPT_OUT),
        ("\u3000退订。", Keyword.OPT_OUT),
        ("START", Keyword.OPT_IN),
        ("ＵＮＳＴＯＰ", Keyword.OPT_IN),
        ("help", Keyword.HELP),
        ("HELP?", Keyword.HELP),
        ("帮助", Keyword.HELP),
        ("帮助！", Keyword.HELP),
        ("please stop", None),
        ("stop it", None),
        ("我要退订短信通知但案件继续办", None),
        ("帮助我", None),
        ("S T O P", None),
        ("", None),
        ("。", None),
    ],
)
def test_detect_keyword(text: str, keyword: Keyword | None) -> None:
    assert detect_keyword(text) is keyword
