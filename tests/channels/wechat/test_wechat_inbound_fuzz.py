"""Whatever a signed callback carries, reading it ends in a message or in UnreadableXml (a 400),
never in another exception (a 500 that WeChat would retry forever)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from channels.wechat.inbound import UnreadableXml, parse_xml, to_inbound

FIELDS = ("ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId", "Event",
          "EventKey", "MediaId", "Format", "Recognition")
WHEN = datetime(2026, 11, 22, tzinfo=UTC)


def read(body: bytes) -> None:
    try:
        message = to_inbound(parse_xml(body), body, WHEN)
    except UnreadableXml:
        return
    assert message.channel == "wechat" and message.sender.startswith("wechat:")
    assert isinstance(message.text, str) and message.external_id


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_any_bytes(body: bytes) -> None:
    read(body)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS),
                       st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                               max_size=40), max_size=len(FIELDS)))
def test_any_fields(fields: dict[str, str]) -> None:
    from xml.sax.saxutils import escape

    inner = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in fields.items())
    read(f"<xml>{inner}</xml>".encode("utf-8", "surrogatepass"))
