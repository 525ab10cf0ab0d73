"""Twilio's REST API, the two calls we make, over ``httpx.AsyncClient`` (never the sync SDK).

Errors are translated here, once, from HTTP answers and httpx exceptions::

    ChannelError (channels.base)
     ├── SendError         sending failed: 429 / 5xx / network → retryable (with Retry-After);
     │                     any other 4xx → not retryable
     └── MediaFetchError   an MMS attachment could not be fetched; same retry rules

Reasons carry the HTTP status and Twilio's numeric error code, never Twilio's message text,
which quotes phone numbers.
"""

from __future__ import annotations

import logging
import mimetypes
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from channels.base import ChannelError, Delivery, IncomingAttachment, SendError

logger = logging.getLogger("channels.sms")

API_VERSION = "2010-04-01"


class MediaFetchError(ChannelError):
    """An MMS attachment could not be fetched; ``retryable`` says whether to try later."""

    def __init__(self, reason: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as seconds from now, else None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, moment.timestamp() - current)


def _is_retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _twilio_code(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return ""
    code = payload.get("code") if isinstance(payload, dict) else None
    return str(code) if isinstance(code, int) else ""


def _refusal(response: httpx.Response, what: str) -> tuple[str, bool, float | None]:
    code = _twilio_code(response)
    reason = f"twilio answered {response.status_code} to {what}"
    if code:
        reason += f" (error {code})"
    retryable = _is_retryable(response.status_code)
    retry_after = retry_after_seconds(response.headers.get("Retry-After")) if retryable else None
    return reason, retryable, retry_after


class TwilioRest:
    """The Messages resource and MMS media of one account, as async calls.

    ``transport`` is the network seam: tests pass ``httpx.MockTransport`` or point
    ``api_url`` at a local fake.
    """

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        api_url: str,
        timeout: float = 10.0,
        media_max_bytes: int = 20 * 1024 * 1024,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._account_sid = account_sid
        self._auth = httpx.BasicAuth(account_sid, auth_token)
        self._api_url = api_url.rstrip("/")
        self._timeout = timeout
        self._media_max_bytes = media_max_bytes
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    @property
    def messages_url(self) -> str:
        return f"{self._api_url}/{API_VERSION}/Accounts/{self._account_sid}/Messages.json"

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout, transport=self._transport, follow_redirects=False
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def create_message(
        self, *, to: str, sender: str, body: str, status_callback: str = ""
    ) -> Delivery:
        """POST one message; ``sender`` is a number or a Messaging Service SID (``MG…``)."""
        form = {"To": to, "Body": body}
        if sender.startswith("MG") and not sender.startswith("+"):
            form["MessagingServiceSid"] = sender
        else:
            form["From"] = sender
        if status_callback:
            form["StatusCallback"] = status_callback
        try:
            response = await self._http().post(self.messages_url, data=form, auth=self._auth)
        except httpx.TransportError as exc:
            raise SendError(f"twilio unreachable ({type(exc).__name__})", retryable=True) from exc
        except httpx.HTTPError as exc:
            raise SendError(
                f"twilio request failed ({type(exc).__name__})", retryable=False
            ) from exc
        if not response.is_success:
            reason, retryable, retry_after = _refusal(response, "a message")
            raise SendError(reason, retryable=retryable, retry_after=retry_after)
        try:
            payload = response.json()
            sid, status = str(payload["sid"]), str(payload.get("status") or "queued")
        except (ValueError, KeyError, TypeError) as exc:
            # Twilio took the request; sending again could deliver it twice.
            raise SendError("twilio answer unreadable", retryable=False) from exc
        return Delivery(provider_id=sid, status=status)

    async def find_sent(self, *, to: str, body: str, since: str) -> Delivery | None:
        """A message Twilio already sent to ``to`` with exactly ``body`` since the day of
        ``since`` (ISO), or None: how a resend after a crash learns the first attempt arrived.

        Twilio takes no idempotency key for Messages; its message list is what it offers.
        Only messages with a send date are listed, so one still queued is not found.
        """
        day = since[:10] or "1970-01-01"
        params = {"To": to, "DateSent>": day, "PageSize": "100"}
        try:
            response = await self._http().get(self.messages_url, params=params, auth=self._auth)
        except httpx.TransportError as exc:
            raise SendError(f"twilio unreachable ({type(exc).__name__})", retryable=True) from exc
        except httpx.HTTPError as exc:
            raise SendError(f"twilio request failed ({type(exc).__name__})",
                            retryable=True) from exc
        if not response.is_success:
            reason, _, retry_after = _refusal(response, "a message look-up")
            # Unsure whether it arrived: wait and look again rather than send a copy.
            raise SendError(reason, retryable=True, retry_after=retry_after)
        try:
            listed = response.json()["messages"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SendError("twilio message list unreadable", retryable=True) from exc
        for item in listed if isinstance(listed, list) else []:
            if (isinstance(item, dict) and item.get("body") == body
                    and str(item.get("direction", "")).startswith("outbound")):
                return Delivery(provider_id=str(item.get("sid", "")),
                                status=str(item.get("status") or "sent"))
        return None

    async def fetch_media(self, url: str) -> IncomingAttachment:
        """Download one MMS attachment (with the account's credentials), up to the size limit.

        Only URLs on the API's own origin are fetched; the credentials are not sent on when
        Twilio redirects to its storage (httpx drops them across origins).
        """
        target, api = urlsplit(url), urlsplit(self._api_url)
        if (target.scheme, target.netloc) != (api.scheme, api.netloc):
            raise MediaFetchError("media URL is not on the Twilio API", retryable=False)
        client = self._http()
        try:
            request = client.build_request("GET", url)
            response = await client.send(
                request, auth=self._auth, stream=True, follow_redirects=True
            )
            try:
                if not response.is_success:
                    await response.aread()
                    reason, retryable, retry_after = _refusal(response, "a media request")
                    raise MediaFetchError(reason, retryable=retryable, retry_after=retry_after)
                data = await self._read_limited(response)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            raise MediaFetchError(
                f"media unreachable ({type(exc).__name__})", retryable=True
            ) from exc
        except httpx.HTTPError as exc:
            raise MediaFetchError(
                f"media request failed ({type(exc).__name__})", retryable=False
            ) from exc
        content_type = response.headers.get("Content-Type", "application/octet-stream")
        content_type = content_type.split(";", 1)[0].strip() or "application/octet-stream"
        name = target.path.rstrip("/").rsplit("/", 1)[-1] or "media"
        extension = mimetypes.guess_extension(content_type) or ""
        logger.info("sms media fetched: %d bytes", len(data))
        return IncomingAttachment(filename=name + extension, content_type=content_type, data=data)

    async def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._media_max_bytes:
            raise MediaFetchError("media larger than the attachment limit", retryable=False)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._media_max_bytes:
                raise MediaFetchError("media larger than the attachment limit", retryable=False)
            chunks.append(chunk)
        return b"".join(chunks)
