"""The workers' scheduling puts every PostgreSQL test in one group, and nothing else."""

from __future__ import annotations

from tests.xdist_postgres import POSTGRES, scope_of


def _opens(path: str) -> bool:
    return path == "tests/scale/test_two_processors.py"


def test_postgres_tests_share_one_group_and_the_rest_stand_alone() -> None:
    together = [
        "tests/bot/test_matters.py::test_attach[postgres]",
        "tests/console/test_sessions.py::test_login[postgres-2]",
        "tests/api/test_cases.py::test_page[x-postgres]",
        "tests/scale/test_two_processors.py::test_no_message_decided_twice",
    ]
    alone = [
        "tests/bot/test_matters.py::test_attach[sqlite]",
        "tests/bot/test_words.py::test_reads[postgresql is named in the text]",
        "tests/bot/test_words.py::test_reads[no-postgres-here-but-more]x",
        "tests/nlp/test_postgres_words.py::test_plain",
    ]
    assert [scope_of(nodeid, _opens) for nodeid in together] == [POSTGRES] * len(together)
    assert [scope_of(nodeid, _opens) for nodeid in alone] == alone
