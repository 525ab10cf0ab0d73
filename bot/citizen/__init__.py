"""The citizen web page (网上信访) at ``/``: server-rendered Chinese pages (Jinja2, one plain
stylesheet, no JavaScript), mobile-first.

File a petition (the Art 19 items and attachments, through the same intake as every channel),
look a case up with its number and query code (the same checks as every channel,
``bot.codecheck``), then — signed in to that one case — read every notice and the 意见书 in
full, print it, rate the answer, ask for 复查 / 复核, add material and book a leader's
reception day. ``/c/{number}`` is where notices link to (``bot.links``).

Modules: ``forms`` (reading and checking what was sent), ``guard`` (CSRF, the one-case
sign-in, rate limits), ``filing`` (the intake path), ``view`` (what the case page shows),
``actions`` (what a signed-in citizen may do), ``routes``.
"""

from bot.citizen.routes import build_router

__all__ = ["build_router"]
