"""The citizen page's own guards: the rate limit's window, the one-case cookie, the web
identity, and what the bytes of an attachment really are."""

from __future__ import annotations

import pytest

from bot.citizen.forms import clean_filename, sniff
from bot.citizen.guard import Keys, RateLimit, valid_form_token
from bot.codes import CodeHasher
from tests import canaries


def test_the_rate_limit_is_a_sliding_window_per_key() -> None:
    now = [0.0]
    limit = RateLimit(2, 60, clock=lambda: now[0])
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a")] == [True, True, False]
    assert limit.allow("b")
    now[0] = 59.9
    assert not limit.allow("a")  # refusals are not counted, but the window has not moved
    now[0] = 60.0
    assert limit.allow("a") and limit.allow("a") and not limit.allow("a")


def test_the_rate_limit_forgets_the_oldest_keys_past_its_bound() -> None:
    limit = RateLimit(1, 3600, clock=lambda: 0.0)
    limit.MAX_KEYS = 3
    for key in "abcd":
        assert limit.allow(key)
    assert limit.allow("a")  # "a" was forgotten: a bounded memory, not a ban list
    assert not limit.allow("d")


def test_the_case_cookie_names_one_case_expires_and_needs_the_bureau_key() -> None:
    keys = Keys(CodeHasher(b"bureau-key"))
    cookie = keys.sign_in("XF2026-000001")
    assert keys.signed_in(cookie, "XF2026-000001")
    assert not keys.signed_in(cookie, "XF2026-000002")
    assert not keys.signed_in(cookie, "XF2026-000001", max_age=-1)  # expired
    assert not Keys(CodeHasher(b"another-key")).signed_in(cookie, "XF2026-000001")
    assert not keys.signed_in("", "XF2026-000001")


def test_web_identities_and_client_keys_carry_no_personal_data() -> None:
    keys = Keys(CodeHasher(b"bureau-key"))
    urn = keys.petitioner(canaries.ID_NUMBER)
    assert urn.startswith("web:") and canaries.ID_NUMBER not in urn
    assert urn == keys.petitioner(canaries.ID_NUMBER) != keys.petitioner("11010519491231002X")
    assert "203.0.113.7" not in keys.client("203.0.113.7")
    assert keys.client("203.0.113.7") != Keys(CodeHasher(b"other")).client("203.0.113.7")


@pytest.mark.parametrize(("data", "kind"), [
    (b"\xff\xd8\xff\xe0rest", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\nrest", "image/png"),
    (b"GIF89arest", "image/gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
    (b"%PDF-1.7\n", "application/pdf"),
    (b"PK\x03\x04", ""),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", ""),
    (b"MZ\x90\x00", ""),
])
def test_attachments_are_what_their_bytes_say(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(("given", "kept"), [
    ("C:\\Users\\me\\照片.jpg", "照片.jpg"), ("../../etc/passwd", "passwd"),
    ("a\x00b\nc.png", "abc.png"), ("", "附件"), ("x" * 300, "x" * 120)])
def test_file_names_are_metadata_without_paths(given: str, kept: str) -> None:
    assert clean_filename(given) == kept


def test_form_tokens_have_the_shape_the_page_makes() -> None:
    assert valid_form_token("a" * 32) and not valid_form_token("short")
    assert not valid_form_token("a" * 20 + "<script>")
