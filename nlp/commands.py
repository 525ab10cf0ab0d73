"""The words a citizen uses to command the service, defined once for every channel.

Opt-out carries legal weight (carriers must honour STOP, and 《通信短信息服务管理规定》 asks
for a working 退订), so the SMS channel, the chat channel and the intent rules must agree on
it to the word: they all read these sets. The words match only as the whole message, after
NFKC and case folding (the matchers trim surrounding spaces and punctuation).

Channels never import ``nlp/``: they carry the text as it came, and the composition root
hands them what they must show (the Telegram command menu, ``Settings.command_menu``).
"""

from __future__ import annotations

from typing import Final

#: Stop automatic messages: the carriers' list (Twilio's STOP family) and the Chinese ones
#: ("回T退订" is how Chinese senders word it: "t" alone, as the whole message).
OPT_OUT_WORDS: Final = frozenset({
    "stop", "stopall", "unsubscribe", "end", "quit", "cancel", "optout", "revoke", "td", "t",
    "退订", "取消订阅", "退订短信", "不要再发了", "别再发了",
})
#: Resume them.
OPT_IN_WORDS: Final = frozenset({"start", "unstop", "subscribe", "订阅", "恢复订阅", "重新订阅"})
#: Ask how the service works.
HELP_WORDS: Final = frozenset({
    "help", "helpme", "menu", "帮助", "求助", "菜单", "使用说明", "怎么用", "如何使用", "怎么使用",
    "操作指南", "使用帮助", "功能", "说明",
})

#: Ask how one's own matter stands: the word the acknowledgement tells citizens to send
#: ("查询 XF… 码") and its everyday short forms, as the whole message.
STATUS_WORDS: Final = frozenset({
    "查询", "查询进度", "查进度", "进度", "进度查询", "查询进展", "进展", "办理进度", "状态", "查状态",
    "查件", "查案件", "查一下", "查下", "查查", "status", "progress",
})

#: Slash commands (chat menus show them; any channel may type them), with their menu text.
COMMANDS: Final[tuple[tuple[str, str], ...]] = (
    ("start", "开始 / Start: 说明与隐私提示"),
    ("new", "新的信访事项 / New petition"),
    ("status", "查询办理进度 / Case status"),
    ("cases", "我的信访事项 / My cases"),
    ("help", "帮助 / Help"),
    ("lang", "切换语言 / Language"),
)
KNOWN_COMMANDS: Final = frozenset(name for name, _ in COMMANDS)

#: What a bare slash command means to the intent rules (values are ``nlp.intents.Intent``
#: values; ``list`` and ``stop`` are accepted though the menu does not show them).
SLASH_MEANINGS: Final[dict[str, str]] = {
    "help": "help",
    "start": "help",
    "cases": "list_cases",
    "list": "list_cases",
    "status": "status_query",
    "stop": "opt_out",
}
