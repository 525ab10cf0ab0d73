"""``serve``: one asyncio loop running the web app, the channels, the processor and the outbox."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Generator, Sequence
from typing import Protocol

import uvicorn

from bot.core import Core
from bot.outbox import OutboxWorker
from bot.web import build_app
from channels.base import Channel

log = logging.getLogger(__name__)


def banner(*, store: str, host: str, port: int, public_url: str, channels: Sequence[Channel],
           off: dict[str, str]) -> list[str]:
    """What ``serve`` prints once it listens: where each page is, and which channels are on.

    ``off`` maps the channels left off to how to turn them on.
    """
    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"
    base = public_url.rstrip("/") or local
    lines = [f"信访 intake bot serving; store: {store}",
             f"  citizen page   {base}/",
             f"  staff console  {base}/console   (a token: python run.py users add NAME --role clerk)",
             f"  API docs       {base}/docs   (OpenAPI: {base}/api/openapi.json)",
             f"  health         {base}/healthz"]
    if base != local:
        lines.append(f"  listening on   {local}/")
    for channel in channels:
        described = channel.describe()
        # Channels describe themselves as "name: …"; the banner names them already.
        lines.append(f"  {channel.name:<8} on   {described.removeprefix(channel.name + ': ')}")
    for name, hint in off.items():
        lines.append(f"  {name:<8} off  {hint}")
    return lines


class Background(Protocol):
    """A task ``serve`` runs until it stops (``bot.supervision.Supervisor``)."""

    async def run(self) -> None: ...


class _Server(uvicorn.Server):
    # The service owns the signals: uvicorn's own handling would re-raise SIGINT after its
    # shutdown and cut the channels' shutdown short.
    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


class Service:
    def __init__(self, core: Core, channels: Sequence[Channel], host: str, port: int,
                 background: Sequence[Background] = (), *,
                 attachment_max_bytes: int | None = None, public_url: str = "") -> None:
        self.core = core
        self.channels = list(channels)
        #: Periodic tasks that run beside the processor and the outbox (supervision, 督办).
        self.background = list(background)
        self.outbox = OutboxWorker(core.store, {c.name: c for c in self.channels}, core.clock,
                                   hasher=core.hasher, public_url=public_url)
        # Replies leave as soon as their batch commits, not at the worker's next poll.
        core.processor.on_decided = self.outbox.wake.set
        self.app = build_app(core.store, [r for c in self.channels for r in c.routes()],
                             [c.name for c in self.channels], core=core,
                             attachment_max_bytes=attachment_max_bytes)
        config = uvicorn.Config(self.app, host=host, port=port, log_level="warning",
                                access_log=False, lifespan="off")
        self.server = _Server(config)
        self.stopping = asyncio.Event()

    @property
    def http_port(self) -> int:
        """The bound HTTP port (useful with port 0)."""
        for server in self.server.servers:
            for sock in server.sockets:
                return int(sock.getsockname()[1])
        raise RuntimeError("the web server is not listening yet")

    async def run(self, on_ready: Callable[[Service], None] | None = None) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.stopping.set)
        started: list[Channel] = []
        tasks: list[asyncio.Task[None]] = []
        try:
            for channel in self.channels:
                await channel.start()
                started.append(channel)
            web = asyncio.create_task(self.server.serve(), name="web")
            tasks = [web,
                     asyncio.create_task(self.core.processor.run(), name="processor"),
                     asyncio.create_task(self.outbox.run(), name="outbox"),
                     *(asyncio.create_task(task.run(), name=type(task).__name__)
                       for task in self.background)]
            while not self.server.started:
                if web.done():
                    web.result()  # raises the bind error
                    raise RuntimeError("the web server stopped before it started")
                await asyncio.sleep(0.02)
            self.core.intake.stored.set()  # process whatever a crash left unprocessed
            if on_ready is not None:
                on_ready(self)
            stop = asyncio.create_task(self.stopping.wait())
            done, _ = await asyncio.wait([stop, *tasks], return_when=asyncio.FIRST_COMPLETED)
            stop.cancel()
            for task in done:
                if task is not stop and not task.cancelled() and task.exception():
                    raise task.exception()  # type: ignore[misc]
        finally:
            self.server.should_exit = True
            for task in tasks[1:]:
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            for channel in reversed(started):
                try:
                    await channel.stop()
                except Exception as exc:  # noqa: BLE001 - stop the others regardless
                    log.warning("stopping %s failed: %s", channel.name, type(exc).__name__)
