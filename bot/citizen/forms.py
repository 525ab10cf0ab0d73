"""The citizen's forms read and checked: the petition (Art 19) and its attachments.

Every refusal says, in Chinese, what to change; the form is shown again with what was typed
(files must be chosen again: a browser cannot be handed them back). Attachments are judged by
their bytes, not by the name or type the browser claims.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from nlp import parse_phone, valid_id_number

#: The statutory types a citizen may choose (or leave to staff), each explained in one line.
STATUTORY_TYPES: Final = (
    ("申诉求决", "反映自身合法权益受到侵害，或提出具体诉求，请求有关机关处理（第三十一条）。"),
    ("建议意见", "对各级机关的工作提出建议、意见或批评（第二十九条）。"),
    ("检举控告", "检举、揭发、控告公职人员或单位的违法失职行为；材料不会转给被检举人（第三十条）。"),
)
NOT_SURE: Final = "不确定"

MAX_FIELD: Final = 200
MAX_TEXT: Final = 4000
MAX_FILES: Final = 5
MAX_FILE_BYTES: Final = 10 * 1024 * 1024
MAX_TOTAL_BYTES: Final = 25 * 1024 * 1024

LABELS: Final = {"name": "姓名", "id_number": "身份证号码", "phone": "联系电话", "address": "住址",
                 "request": "信访请求", "facts": "事实和理由", "kind": "信访类型",
                 "consent": "个人信息使用同意", "text": "补充内容"}

#: Magic numbers of the accepted files, and the content type stored for each.
_SIGNATURES: Final = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
_HEIF_BRANDS: Final = (b"heic", b"heix", b"mif1", b"msf1", b"hevc")
ACCEPTED: Final = "JPG、PNG、GIF、WebP、HEIC 图片或 PDF 文件"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class FormProblem(ValueError):
    """The form cannot be taken as it is; ``field`` names the input to fix ("" for the form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as the browser sent it."""

    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Petition:
    name: str
    id_number: str
    phone: str  # E.164
    address: str
    request: str
    facts: str
    kind: str  # one of STATUTORY_TYPES, or NOT_SURE
    files: tuple[CheckedFile, ...] = field(default=())

    def text(self) -> str:
        """The petition as the bot reads it: the citizen's own words, labelled."""
        lines = [f"信访请求：{self.request}", f"事实和理由：{self.facts}"]
        if self.kind != NOT_SURE:
            lines.append(f"信访类型（信访人选择）：{self.kind}")
        return "\n".join(lines)


def _text(form: Mapping[str, str], name: str, limit: int = MAX_FIELD) -> str:
    value = unicodedata.normalize("NFC", form.get(name, "")).strip()
    if len(value) > limit:
        raise FormProblem(f"「{LABELS[name]}」不超过 {limit} 字，现有 {len(value)} 字。", name)
    return value


def parse_petition(form: Mapping[str, str], uploads: Sequence[Upload],
                   *, max_file_bytes: int = MAX_FILE_BYTES) -> Petition:
    """The petition in ``form``, or :class:`FormProblem` naming the first thing to fix."""
    name = _text(form, "name")
    if not name:
        raise FormProblem("请填写姓名（《信访工作条例》第十九条：信访应载明姓名）。", "name")
    id_number = unicodedata.normalize("NFKC", _text(form, "id_number")).replace(" ", "").upper()
    if not id_number:
        raise FormProblem("请填写身份证号码（网上信访实行实名登记）。", "id_number")
    if not valid_id_number(id_number):
        raise FormProblem("身份证号码有误：应为 18 位，最后一位是校验码（数字或 X），请核对。",
                          "id_number")
    raw_phone = unicodedata.normalize("NFKC", _text(form, "phone"))
    if not raw_phone:
        raise FormProblem("请填写联系电话，以便告知办理情况。", "phone")
    phone = parse_phone(raw_phone)
    if not phone:
        raise FormProblem("联系电话有误：请填写 11 位手机号码，或带区号的固定电话。", "phone")
    address = _text(form, "address")
    if not address:
        raise FormProblem("请填写住址（第十九条）。", "address")
    request = _text(form, "request", MAX_TEXT)
    if not request:
        raise FormProblem("请填写信访请求：希望有关机关做什么。", "request")
    facts = _text(form, "facts", MAX_TEXT)
    if not facts:
        raise FormProblem("请填写事实和理由：发生了什么、在哪里、什么时候。", "facts")
    kind = form.get("kind", NOT_SURE)
    if kind not in {k for k, _ in STATUTORY_TYPES} | {NOT_SURE}:
        raise FormProblem("请选择信访类型，或选“不确定”。", "kind")
    if form.get("consent", "") != "yes":
        raise FormProblem("请阅读并勾选个人信息使用说明，否则无法登记。", "consent")
    files = check_files(uploads, max_file_bytes=max_file_bytes)
    return Petition(name, id_number, phone, address, request, facts, kind, files)


def parse_material(form: Mapping[str, str], uploads: Sequence[Upload],
                   *, max_file_bytes: int = MAX_FILE_BYTES) -> tuple[str, tuple[CheckedFile, ...]]:
    """Added material: a text, files, or both."""
    text = _text(form, "text", MAX_TEXT)
    files = check_files(uploads, max_file_bytes=max_file_bytes)
    if not text and not files:
        raise FormProblem("请填写补充内容或选择要上传的文件。", "text")
    return text, files


def check_files(uploads: Sequence[Upload], *,
                max_file_bytes: int = MAX_FILE_BYTES) -> tuple[CheckedFile, ...]:
    chosen = [u for u in uploads if u.filename or u.data]  # an empty file input sends nothing
    if len(chosen) > MAX_FILES:
        raise FormProblem(f"最多上传 {MAX_FILES} 个附件，您选择了 {len(chosen)} 个。", "files")
    total = 0
    checked = []
    for upload in chosen:
        name = clean_filename(upload.filename)
        if not upload.data:
            raise FormProblem(f"附件「{name}」是空文件，请重新选择。", "files")
        if len(upload.data) > max_file_bytes:
            raise FormProblem(f"附件「{name}」有 {_megabytes(len(upload.data))}，超过每个文件 "
                              f"{_megabytes(max_file_bytes)} 的上限；请压缩后再上传。", "files")
        total += len(upload.data)
        if total > MAX_TOTAL_BYTES:
            raise FormProblem(f"附件合计超过 {_megabytes(MAX_TOTAL_BYTES)}，请减少或压缩后再上传。",
                              "files")
        kind = sniff(upload.data)
        if not kind:
            raise FormProblem(f"附件「{name}」的格式不支持：请上传{ACCEPTED}。", "files")
        checked.append(CheckedFile(name, kind, upload.data))
    return tuple(checked)


def sniff(data: bytes) -> str:
    """The content type the bytes really are, among the accepted ones; "" for anything else."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return ""


def clean_filename(filename: str) -> str:
    """The browser's name for a file, as metadata: no path, no control characters."""
    base = re.split(r"[\\/]", filename)[-1]
    base = _CONTROL.sub("", unicodedata.normalize("NFC", base)).strip()
    return base[:120] or "附件"


def _megabytes(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB"
