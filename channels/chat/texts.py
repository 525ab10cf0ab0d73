"""The few texts the channel says by itself (everything else is the bot's conversation)."""

from __future__ import annotations


def group_notice(bot_username: str = "") -> str:
    """Said once in a group chat: petitions are private. Bilingual, polite, no case opened."""
    link = f"\nhttps://t.me/{bot_username}" if bot_username else ""
    return (
        "您好！信访事项涉及个人信息，请与本机器人私聊提交或查询，群聊中的消息不予受理。"
        "\nHello! Petitions are private: please write to this bot in a private chat. "
        "Messages in groups are not handled."
        f"{link}"
    )


#: Put before a message the outbox sends again after a crash cut off its first attempt: the
#: Bot API cannot tell us whether the first one arrived, so the citizen is told it may repeat.
RESEND_NOTE = "（重发：如已收到相同内容，请忽略本条。）"
