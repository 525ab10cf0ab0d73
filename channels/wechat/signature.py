"""WeChat's request signatures: SHA-1 over the sorted token, timestamp, nonce (and, in safe
mode, the ciphertext), compared in constant time; and the freshness of the timestamp.

wechatpy's own check compares with ``!=``; the digest is computed the same way here and
compared with :func:`hmac.compare_digest`, so a forger learns nothing from the timing.
"""

from __future__ import annotations

import hashlib
import hmac

#: A signed request older (or newer) than this is refused: a captured request cannot be
#: replayed later. WeChat retries within 15 seconds, with the same timestamp.
MAX_SKEW_SECONDS = 300


def sign(token: str, *parts: str) -> str:
    """The hex SHA-1 WeChat sends as ``signature`` (or ``msg_signature`` with the ciphertext)."""
    return hashlib.sha1("".join(sorted((token, *parts))).encode()).hexdigest()


def verify(token: str, signature: str, *parts: str) -> bool:
    return bool(token) and hmac.compare_digest(sign(token, *parts).encode(),
                                               signature.lower().encode())


def fresh(timestamp: str, now: float) -> bool:
    """``timestamp`` (Unix seconds, as WeChat sends it) is within the allowed skew of ``now``."""
    if not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs(int(timestamp) - now) <= MAX_SKEW_SECONDS
