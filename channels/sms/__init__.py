"""SMS through Twilio: signed webhooks in, REST API out, segment-aware text, keywords.

Public surface::

    SmsChannel                 the channel (routes, start, stop, send, fetch_media, describe)
    MediaFetchError            fetch_media failed (``retryable``, ``retry_after``)
    Keyword, detect_keyword    STOP / START / HELP as a whole message (pure, for the bot too)
    Encoding, SegmentInfo, measure, segment_count, fit_segments   SMS segment arithmetic
    normalize_sender           a phone number as a ``tel:+E164`` URN
    OPTED_OUT_META, KEYWORD_META   the meta keys shared with the bot
"""

from .channel import SmsChannel
from .convert import KEYWORD_META, OPTED_OUT_META
from .keywords import Keyword, detect_keyword
from .kind import CAPABILITIES, KIND
from .numbers import normalize_sender
from .rest import MediaFetchError
from .segments import Encoding, SegmentInfo, fit_segments, measure, segment_count
from .webhook import INBOUND_PATH, STATUS_PATH

__all__ = [
    "CAPABILITIES",
    "INBOUND_PATH",
    "KEYWORD_META",
    "KIND",
    "OPTED_OUT_META",
    "STATUS_PATH",
    "Encoding",
    "Keyword",
    "MediaFetchError",
    "SegmentInfo",
    "SmsChannel",
    "detect_keyword",
    "fit_segments",
    "measure",
    "normalize_sender",
    "segment_count",
]
