"""The staff REST API under ``/api``: token-authenticated accounts with roles, case search,
case views with the petitioner's identity shown (and audited) or redacted per role, and the
staff actions. Errors always take one shape: ``{"error": {"code": …, "message": …}}``.
"""

from bot.api.accounts import AccountError, Principal, add_user, issue_token, list_users
from bot.api.errors import ApiError
from bot.api.errors import install as install_error_handlers
from bot.api.routes import build_router

__all__ = [
    "AccountError",
    "ApiError",
    "Principal",
    "add_user",
    "build_router",
    "install_error_handlers",
    "issue_token",
    "list_users",
]
