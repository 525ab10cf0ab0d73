"""The terminal as a channel: ``python run.py chat`` talks to the bot as a citizen."""

from channels.console.channel import ConsoleChannel, console_message
from channels.console.kind import CAPABILITIES, KIND

__all__ = ["CAPABILITIES", "KIND", "ConsoleChannel", "console_message"]
