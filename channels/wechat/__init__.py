"""WeChat Official Account (微信公众号): signed callbacks in, customer-service messages out."""

from .kind import CAPABILITIES, KIND

__all__ = ["CAPABILITIES", "KIND"]
