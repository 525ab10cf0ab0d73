"""Every citizen text is Chinese (issue 16 item 4): each Chinese template, rendered with every
field filled, holds no ASCII word other than numbers, case numbers, codes and URLs."""

from __future__ import annotations

import re
import string

import pytest

from bot import faq, notices, texts, workflow
from bot.codes import CODE_ALPHABET, CODE_LENGTH
from bot.links import case_link, link_line
from run import CHANNELS

#: What may be ASCII in a Chinese text: URLs, case numbers, numbers and dates, the SMS keywords
#: a carrier acts on, query codes, and Telegram's slash commands (all typed exactly).
ALLOWED = re.compile(r"https?://\S+|XF\d{4}-\d{6,}|[\d.:-]+|/[a-z]+|"
                     rf"(?<![A-Za-z])[{CODE_ALPHABET}]{{{CODE_LENGTH}}}(?![A-Za-z])")
KEYWORDS = frozenset({"START", "STOP"})
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
SAMPLE = {"number": "XF2026-000123", "code": "K7Q2M9XA", "due": "2026-12-07",
          "review_due": "2027-01-05", "today": "2026-11-22", "day": "2026-12-15",
          "next": "2027-01-15", "days": "30", "target": "XF2026-000100"}


def english_words(text: str) -> list[str]:
    return [word for word in WORD.findall(ALLOWED.sub(" ", text)) if word not in KEYWORDS]


def fields_of(template: str) -> dict[str, str]:
    """Every field of ``template``: samples where the field is a number or date, else Chinese."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name: SAMPLE.get(name, "某某") for name in names}


def rendered() -> list[tuple[str, str]]:
    found = []
    for key, languages in notices.TEMPLATES.items():
        for form, template in languages["zh"].items():
            found.append((f"notice {key}/{form}",
                          notices.render(key, "zh", form, **fields_of(template))))
    for key, template in texts.TEXTS["zh"].items():
        found.append((f"text {key}", texts.say("zh", key, **fields_of(template))))
    found += [(f"status {key}", name) for key, name in texts.STATUS_NAMES["zh"].items()]
    found += [(f"how {kind.capabilities.name}", kind.capabilities.rating_hint["zh"])
              for kind in CHANNELS if "zh" in kind.capabilities.rating_hint]
    found += [(f"faq {entry.id}", entry.answers["zh"]) for entry in faq.load()]
    found.append(("link line", link_line(case_link("https://xf.example.gov.cn", "XF2026-000123"))))
    return found


@pytest.mark.parametrize(("where", "text"), rendered(), ids=[w for w, _ in rendered()])
def test_a_chinese_text_has_no_english_words(where: str, text: str) -> None:
    assert english_words(text) == [], f"{where}: {text}"


def test_the_checker_catches_what_the_issue_found() -> None:
    assert english_words("复查 must be requested within 30 days…") == [
        "must", "be", "requested", "within", "days"]
    assert english_words("回复 START 恢复；查询 XF2026-1000000 https://a.cn/c/XF2026-1 /new") == []


def test_an_appeal_refused_by_the_workflow_is_told_in_chinese() -> None:
    staff_words = workflow.TransitionRefused("review (复查) must be requested within 30 days")
    assert english_words(workflow.citizen_reason(staff_words)) == []
    told = workflow.TransitionRefused("x", citizen="已超过申请复查的期限。")
    assert workflow.citizen_reason(told) == "已超过申请复查的期限。"
