"""fetch_file through the offline request seam: getFile, download, size limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from channels.chat import FileFetchError, FileTooLarge

from .fakes import FakeIntake, OfflineRequest, Reply, make_channel

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2044


def file_result(file_id: str, path: str, size: int | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "file_id": file_id,
        "file_unique_id": "u-" + file_id,
        "file_path": path,
    }
    if size is not None:
        result["file_size"] = size
    return result


async def test_photo_is_downloaded(offline: OfflineRequest, intake: FakeIntake) -> None:
    offline.once("getFile", Reply.ok(file_result("AgAC-large", "photos/file_7.jpg", len(JPEG))))
    offline.files["photos/file_7.jpg"] = JPEG
    channel = make_channel(offline, intake)
    attachment = await channel.fetch_file("AgAC-large", max_bytes=10_000)
    assert attachment.data == JPEG
    assert attachment.filename == "file_7.jpg"
    assert attachment.content_type == "image/jpeg"
    assert offline.calls_to("getFile")[0].params == {"file_id": "AgAC-large"}


async def test_document_keeps_the_citizens_name_and_type(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.once("getFile", Reply.ok(file_result("BQAC", "documents/file_3", 5)))
    offline.files["documents/file_3"] = b"%PDF-"
    channel = make_channel(offline, intake)
    attachment = await channel.fetch_file(
        "BQAC", 100, filename="投诉材料.pdf", content_type="application/pdf"
    )
    assert (attachment.filename, attachment.content_type) == ("投诉材料.pdf", "application/pdf")


async def test_too_large_by_reported_size_is_never_downloaded(
    offline: OfflineRequest, intake: FakeIntake
) -> None:
    offline.once("getFile", Reply.ok(file_result("big", "videos/file_1.mp4", 50_000_000)))
    channel = make_channel(offline, intake)
    with pytest.raises(FileTooLarge) as raised:
        await channel.fetch_file("big", max_bytes=20 * 1024 * 1024)
    assert raised.value.size == 50_000_000 and raised.value.retryable is False
    assert offline.calls_to("download") == []


async def test_too_large_by_actual_bytes(offline: OfflineRequest, intake: FakeIntake) -> None:
    offline.once("getFile", Reply.ok(file_result("liar", "photos/file_2.jpg", None)))
    offline.files["photos/file_2.jpg"] = JPEG
    channel = make_channel(offline, intake)
    with pytest.raises(FileTooLarge):
        await channel.fetch_file("liar", max_bytes=100)


@pytest.mark.parametrize(
    ("answer", "retryable"),
    [
        (Reply.error(400, "Bad Request: file is too big"), False),
        (Reply.error(400, "Bad Request: invalid file_id"), False),
        (Reply.error(502, "Bad Gateway"), True),
    ],
)
async def test_get_file_errors(
    offline: OfflineRequest, intake: FakeIntake, answer: Reply, retryable: bool
) -> None:
    offline.once("getFile", answer)
    channel = make_channel(offline, intake)
    with pytest.raises(FileFetchError) as raised:
        await channel.fetch_file("x", 100)
    assert raised.value.retryable is retryable
    assert offline.token not in raised.value.reason


async def test_download_failure_is_retryable(offline: OfflineRequest, intake: FakeIntake) -> None:
    offline.once("getFile", Reply.ok(file_result("gone", "photos/file_9.jpg", 10)))

    channel = make_channel(offline, intake)
    # the download URL is not served: the offline request refuses it loudly, PTB reports a
    # network error, and we must call it retryable. The refusal itself is expected here.
    with pytest.raises(FileFetchError) as raised:
        await channel.fetch_file("gone", 100)
    assert raised.value.retryable is True
    assert offline.unexpected == ["GET file photos/file_9.jpg"]
    offline.unexpected.clear()


# -- issue 14 item 5: only HTTP(S) from the Bot API origin, within type limits ------------


@pytest.mark.parametrize("path", [
    "/etc/hostname",  # an existing local file: python-telegram-bot would read it from disk
    "pyproject.toml",  # a relative path that exists in the working directory is not read
    "../../etc/passwd",
    "photos/../../../data/secret.key",
    "https://evil.example/file.jpg",
    "file:///etc/hostname",
    "photos\\..\\secret",
    "photos//file.jpg",
    "",
])
async def test_a_bot_api_path_never_reads_a_local_file(
    offline: OfflineRequest, intake: FakeIntake, path: str, tmp_path: Path
) -> None:
    offline.once("getFile", Reply.ok(file_result("evil", path, 10)))
    channel = make_channel(offline, intake)
    try:
        attachment = await channel.fetch_file("evil", 10_000)
    except FileFetchError as refused:
        assert refused.retryable is False or path == "pyproject.toml"
        assert offline.token not in refused.reason
    else:  # pragma: no cover - the regression: a local file's bytes came back
        pytest.fail(f"{path!r} gave {len(attachment.data)} bytes")
    downloads = [call.params["path"] for call in offline.calls_to("download")]
    assert downloads in ([], ["pyproject.toml"])  # a plain relative path is asked over HTTP
    offline.unexpected.clear()


async def test_the_local_secret_key_is_never_an_attachment(
    offline: OfflineRequest, intake: FakeIntake, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.key"
    secret.write_bytes(b"the bureau's HMAC key")
    offline.once("getFile", Reply.ok(file_result("key", str(secret), 21)))
    channel = make_channel(offline, intake)
    with pytest.raises(FileFetchError):
        await channel.fetch_file("key", 10_000)


@pytest.mark.parametrize(("path", "data", "declared", "accepted"), [
    ("photos/file_1.jpg", JPEG, "", True),
    ("documents/file_2", b"%PDF-1.7", "application/pdf", True),
    ("documents/file_3", b"PK\x03\x04", ("application/vnd.openxmlformats-officedocument."
                                        "wordprocessingml.document"), True),
    ("documents/file_4.exe", b"MZ\x90\x00", "", False),
    ("documents/file_5", b"MZ\x90\x00", "image/jpeg", False),  # a program named a photo
    ("documents/file_6.svg", b"<svg onload=alert(1)>", "", False),
    ("documents/file_7", b"<html><script>", "text/html", False),
    ("documents/file_8.sh", b"#!/bin/sh\nrm -rf /", "application/x-sh", False),
])
async def test_only_petition_file_types_are_kept(
    offline: OfflineRequest, intake: FakeIntake, path: str, data: bytes, declared: str,
    accepted: bool,
) -> None:
    offline.once("getFile", Reply.ok(file_result("f", path, len(data))))
    offline.files[path] = data
    channel = make_channel(offline, intake)
    if accepted:
        assert (await channel.fetch_file("f", 10_000, content_type=declared)).data == data
        return
    with pytest.raises(FileFetchError, match="type not accepted") as refused:
        await channel.fetch_file("f", 10_000, content_type=declared)
    assert refused.value.retryable is False


async def test_a_redirect_is_not_followed(intake: FakeIntake, offline: OfflineRequest) -> None:
    offline.once("getFile", Reply.ok(file_result("r", "photos/file_1.jpg", 10)))
    seen: list[str] = []

    def redirect(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        return httpx.Response(302, headers={"Location": "http://127.0.0.2/loot"})

    channel = make_channel(offline, intake, download_transport=httpx.MockTransport(redirect))
    with pytest.raises(FileFetchError) as refused:
        await channel.fetch_file("r", 10_000)
    assert "302" in refused.value.reason and len(seen) == 1


async def test_the_byte_limit_holds_while_reading(intake: FakeIntake,
                                                  offline: OfflineRequest) -> None:
    offline.once("getFile", Reply.ok(file_result("s", "photos/file_1.jpg", 10)))  # it lies

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(1000):
            yield b"\xff" * 65536

    def stream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless())

    channel = make_channel(offline, intake, download_transport=httpx.MockTransport(stream))
    with pytest.raises(FileTooLarge) as refused:
        await channel.fetch_file("s", 100_000)
    assert refused.value.size < 1_000_000  # stopped early, not after 65 MB
