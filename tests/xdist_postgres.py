"""A pytest plugin: under pytest-xdist's workers (``make test``), every test that reaches
PostgreSQL runs on one worker, in turn; the rest are spread one test at a time.

Private schemas keep the tests' tables apart, but advisory locks (a sender's claim, a round's
lock) belong to the whole database: two workers testing the same sender at once see each
other's claims. xdist's own ``--dist loadgroup`` cannot be used for this: with pytest 9 its
``xdist_group`` marker no longer reaches the test's id (xdist 3.8 writes ``item._nodeid``, which
pytest 9 no longer reads), so the grouping is done here, on the controller, from the ids alone.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

#: A parameter id naming the PostgreSQL backend (``[postgres]``, ``[postgres-3]``, ``[x-postgres]``).
_POSTGRES_PARAMETER = re.compile(r"\[(?:[^\]]*-)?postgres(?:-[^\]]*)?\]$")
#: The group every PostgreSQL test joins.
POSTGRES = "postgres"


def scope_of(nodeid: str, opens_its_own_schema: Any) -> str:
    """The unit of work a test belongs to: the PostgreSQL group, or the test alone."""
    path = nodeid.split("::", 1)[0]
    if _POSTGRES_PARAMETER.search(nodeid) or opens_its_own_schema(path):
        return POSTGRES
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "load":
        return None  # an explicit --dist chooses its own scheduling
    from xdist.scheduler import LoadScopeScheduling

    root = config.rootpath

    @functools.cache
    def opens_its_own_schema(path: str) -> bool:
        # A module that opens its own schema imports the conftest's helper (tests/scale, the
        # console's sessions, the decide-cost count); reading its text needs no import here.
        try:
            return "private_schema" in (root / path).read_text(encoding="utf-8")
        except OSError:
            return False

    class PostgresTakesTurns(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid, opens_its_own_schema)

    return PostgresTakesTurns(config, log)



