"""``X-Twilio-Signature`` checks against the URL Twilio was given, not the one we were asked.

Behind a proxy or TLS terminator the request arrives as ``http://10.0.0.5:8080/sms/twilio``
while Twilio signed ``https://xf.example.gov.cn/sms/twilio``, so the URL is rebuilt from the
configured public URL plus the route's path (plus the query string as received). Twilio is
not consistent about an explicit default port (``:443`` / ``:80``), so both spellings of the
URL are tried, as its own validator does; a non-default port must match exactly.

The expected signatures come from twilio's :class:`RequestValidator`; they are compared with
:func:`hmac.compare_digest`; a signature that matches none is compared with all of them, so
timing says nothing about which candidate came close. No token or no public URL: nothing
validates (fail closed).
"""

from __future__ import annotations

import hmac
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from twilio.request_validator import RequestValidator

from .form import TwilioForm

SIGNATURE_HEADER = "X-Twilio-Signature"
_DEFAULT_PORTS = {"https": 443, "http": 80}


@lru_cache(maxsize=64)  # a handful of webhook URLs, asked on every request
def url_variants(url: str) -> tuple[str, ...]:
    """``url`` as given, and with its default port added or removed (never another port)."""
    parts = urlsplit(url)
    default = _DEFAULT_PORTS.get(parts.scheme)
    variants = [url]
    if default is not None and parts.hostname:
        host = parts.netloc.rsplit("@", 1)[-1]
        userinfo = parts.netloc[: len(parts.netloc) - len(host)]
        bare_host = host if parts.port is None else host.rsplit(":", 1)[0]
        if parts.port is None:
            variants.append(_with_netloc(parts, f"{userinfo}{bare_host}:{default}"))
        elif parts.port == default:
            variants.append(_with_netloc(parts, f"{userinfo}{bare_host}"))
    return tuple(variants)


def _with_netloc(parts: SplitResult, netloc: str) -> str:
    return parts._replace(netloc=netloc).geturl()


class SignatureChecker:
    """Validates Twilio webhook signatures for routes under one public URL."""

    def __init__(self, auth_token: str, public_url: str) -> None:
        self._validator = RequestValidator(auth_token) if auth_token else None
        self._public_url = public_url.rstrip("/")

    @property
    def configured(self) -> bool:
        """False when no token or no public URL is set: then every request is refused."""
        return self._validator is not None and bool(self._public_url)

    def signed_url(self, path: str, query: str = "") -> str:
        """The URL Twilio signs for ``path``: the public URL + path (+ ``?query``)."""
        url = self._public_url + path
        return f"{url}?{query}" if query else url

    def is_valid(self, path: str, query: str, params: TwilioForm, signature: str | None) -> bool:
        """True when ``signature`` is Twilio's signature of ``params`` posted to ``path``."""
        if self._validator is None or not self._public_url or not signature:
            return False
        given = signature.encode("utf-8", "replace")
        for url in url_variants(self.signed_url(path, query)):
            expected = self._validator.compute_signature(url, params).encode("ascii")
            if hmac.compare_digest(expected, given):
                # Stopping here tells a caller only that the URL as configured matched,
                # which one who holds a valid signature knows; a forged signature is always
                # compared with every candidate, so its timing says nothing.
                return True
        return False
