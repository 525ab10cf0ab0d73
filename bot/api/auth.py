"""Bearer-token authentication: ``Authorization: Bearer <token>`` names a staff account."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.api.accounts import Principal, authenticate
from bot.api.errors import Unauthorized
from storage import Store

_bearer = HTTPBearer(auto_error=False, description="a staff token from `run.py users add`")


def principal_dependency(store: Store) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency returning the authenticated :class:`Principal` (else 401)."""

    async def current(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Principal:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized("send a staff token: Authorization: Bearer <token>")
        token = credentials.credentials
        principal = await store.read(lambda session: authenticate(session, token))
        if principal is None:
            raise Unauthorized("the token is not valid")
        return principal

    return current
