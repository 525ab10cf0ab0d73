"""Canary personal data and secrets: values that must never appear in a log line, a traceback
or an error reply. Tests that drive the system end to end use them as the petitioner's data and
the deployment's credentials; ``tests/privacy_guard.py`` fails any test whose logs carry one.

Each value is unusual enough that it cannot occur by accident in code, docs or library output.
"""

from __future__ import annotations

from typing import Final

#: A synthetic name (甄 "real" + 测试 "test": no such person is meant).
NAME: Final = "甄测试"
#: ID-number shaped: 18 digits, region 110105, born 1988-07-21, a valid GB 11643 check digit.
ID_NUMBER: Final = "110105198807214018"
#: A mainland mobile number in E.164 and as people type it.
PHONE_LOCAL: Final = "13912347788"
PHONE: Final = "+86" + PHONE_LOCAL
EMAIL: Final = "zhen.ceshi.canary@example.cn"
#: The body of a petition: Chinese and ASCII, so a log of either script is caught.
BODY: Final = "金丝雀反映CANARY7Q3Z"
#: Deployment secrets.
TWILIO_TOKEN: Final = "tw1l10canaryauthtoken00000000000"
TELEGRAM_TOKEN: Final = "123456789:AAcanaryTelegramBotToken_0123456789"
WEBHOOK_SECRET: Final = "tgwebhookcanarysecret42"
HMAC_SECRET: Final = "hmac-canary-bureau-key-9f8e7d"

PERSONAL: Final = {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE_LOCAL,
                   "email": EMAIL, "body": BODY}
SECRETS: Final = {"twilio_token": TWILIO_TOKEN, "telegram_token": TELEGRAM_TOKEN,
                  "webhook_secret": WEBHOOK_SECRET, "hmac_secret": HMAC_SECRET}
#: label → value; a hit is reported by its label, never by the value.
ALL: Final = {**PERSONAL, **SECRETS}
#: The bot token's secret half: a URL-encoded or split token still leaks it.
EXTRA: Final = {"telegram_token_secret": TELEGRAM_TOKEN.split(":", 1)[1]}


def petition(extra: str = "") -> str:
    """A complaint that carries every personal canary, long enough to open a case."""
    return (f"我叫{NAME}，身份证号{ID_NUMBER}，电话{PHONE_LOCAL}，邮箱{EMAIL}。"
            f"我要投诉：小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，{BODY}。{extra}")


def find(text: str) -> list[str]:
    """The labels of the canaries in ``text``."""
    return [label for label, value in {**ALL, **EXTRA}.items() if value in text]


def _check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


assert _check_digit(ID_NUMBER[:17]) == ID_NUMBER[17], "the ID canary must be well formed"
