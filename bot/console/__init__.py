"""The staff web console under ``/console``: server-rendered Chinese pages (Jinja2, plain CSS,
no build step) over the same accounts, roles, audit and staff actions as the REST API.

Modules: ``sessions`` (sign-in, CSRF), ``routes`` (the pages), ``pages`` (what a case page
shows, audited), ``records`` (批示, category confirmation, the work queue), ``desk`` (来访 /
来电 registration through the intake), ``wording`` (Chinese labels and refusals).
"""

from bot.console.routes import build_router, staff_of

__all__ = ["build_router", "staff_of"]
