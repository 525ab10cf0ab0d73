"""SMS through Twilio: signed webhooks in, REST API out, segment-aware text.

What a message means (STOP, 退订, HELP …) is the bot's judgement, on the words of
``nlp/commands.py``; the channel carries the text as it came.

Public surface::

    SmsChannel                 the channel (routes, start, stop, send, fetch_media, describe)
    MediaFetchError            fetch_media failed (``retryable``, ``retry_after``)
    Encoding, SegmentInfo, measure, segment_count, fit_segments   SMS segment arithmetic
    normalize_sender           a phone number as a ``tel:+E164`` URN
    OPTED_OUT_META             the meta key shared with the bot
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from channels.lazy import lazy_exports

from .kind import CAPABILITIES, KIND

# The kind (capabilities and construction) is all run.py needs at start; the protocol modules,
# with their heavy libraries, load on first use of one of their names (PEP 562).
if TYPE_CHECKING:
    from .channel import SmsChannel
    from .convert import OPTED_OUT_META
    from .numbers import normalize_sender
    from .rest import MediaFetchError
    from .segments import Encoding, SegmentInfo, fit_segments, measure, segment_count
    from .webhook import INBOUND_PATH, STATUS_PATH

_LAZY = {
    "SmsChannel": ".channel",
    "OPTED_OUT_META": ".convert",
    "normalize_sender": ".numbers",
    "MediaFetchError": ".rest",
    "Encoding": ".segments",
    "SegmentInfo": ".segments",
    "fit_segments": ".segments",
    "measure": ".segments",
    "segment_count": ".segments",
    "INBOUND_PATH": ".webhook",
    "STATUS_PATH": ".webhook",
}


__getattr__ = lazy_exports(__name__, _LAZY)

__all__ = [
    "CAPABILITIES",
    "INBOUND_PATH",
    "KIND",
    "OPTED_OUT_META",
    "STATUS_PATH",
    "Encoding",
    "MediaFetchError",
    "SegmentInfo",
    "SmsChannel",
    "fit_segments",
    "measure",
    "normalize_sender",
    "segment_count",
]
