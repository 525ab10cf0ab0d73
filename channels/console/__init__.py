"""The terminal as a channel: ``python run.py chat`` talks to the bot as a citizen."""

from channels.console.channel import ConsoleChannel, console_message

__all__ = ["ConsoleChannel", "console_message"]
