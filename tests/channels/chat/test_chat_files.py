"""fetch_file through the offline request seam: getFile, download, size limits."""

from __future__ import annotations

from typing import Any

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
