"""``python run.py doctor``: check a deployment before (or while) it runs, and say what to fix.

Checks, each a :class:`Finding` (``ok``, ``warn`` or ``fail``) with the fix in words: the
settings, the data directory, the database (reachable, its schema at the shipped head), the
bureau's tables (routing, units, reception days, deadline rules), the calendar's holiday data
for the coming year, the ports ``serve`` will bind, and each channel's credentials (their
shape only: nothing is sent anywhere). Never prints a secret.
"""

from __future__ import annotations

import errno
import re
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.settings import PREFIX, Settings

OK, WARN, FAIL = "ok", "warn", "fail"
_TWILIO_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_TWILIO_TOKEN = re.compile(r"[0-9a-fA-F]{32}")
_TELEGRAM_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


@dataclass(frozen=True, slots=True)
class Finding:
    level: str  # ok / warn / fail
    topic: str
    said: str
    fix: str = ""


def run_checks(settings: Settings) -> list[Finding]:
    """Every check, in the order a person would fix them."""
    found: list[Finding] = []
    for check in (_data_dir, _database, _tables, _calendar, _ports, _public_url, _mail, _sms,
                  _telegram):
        found.extend(check(settings))
    return found


def report(findings: list[Finding]) -> tuple[list[str], int]:
    """The lines to print and the exit status (1 when anything must be fixed)."""
    lines = []
    for item in findings:
        lines.append(f"  {item.level.upper() if item.level == FAIL else item.level:<5} "
                     f"{item.topic:<10} {item.said}")
        if item.fix and item.level != OK:
            lines.append(f"{'':17}fix: {item.fix}")
    failed = sum(1 for f in findings if f.level == FAIL)
    warned = sum(1 for f in findings if f.level == WARN)
    if failed:
        lines.append(f"{failed} problem(s) to fix, {warned} warning(s).")
    elif warned:
        lines.append(f"No problems; {warned} warning(s) worth a look.")
    else:
        lines.append("All checks passed.")
    return lines, 1 if failed else 0


def _data_dir(settings: Settings) -> Iterator[Finding]:
    path = settings.data_dir.expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".doctor-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        yield Finding(FAIL, "data dir", f"{path} is not writable ({exc.strerror})",
                      f"create it, or set {PREFIX}DATA_DIR to a writable directory")
        return
    yield Finding(OK, "data dir", f"{path.resolve()} is writable")
    if not settings.secret_key:
        key = path / "secret.key"
        said = "generated once into secret.key" if key.exists() else "will be generated on first start"
        yield Finding(WARN, "secret key", f"query codes are hashed with a key {said}",
                      f"keep {key} safe; several servers must share one key: set "
                      f"{PREFIX}SECRET_KEY on each")


def _database(settings: Settings) -> Iterator[Finding]:
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from storage.engine import is_sqlite, make_engine
    from storage.migrate import MIGRATIONS, current_revision

    url = settings.database
    if is_sqlite(url) and url.startswith("sqlite:///") \
            and not Path(url.removeprefix("sqlite:///")).exists():
        yield Finding(OK, "database", "SQLite, not created yet: `serve` creates and "
                                      "migrates it on first start")
        return
    try:
        engine = make_engine(url, synchronous=settings.sqlite_synchronous)
    except (SQLAlchemyError, ValueError) as exc:
        yield Finding(FAIL, "database", f"cannot use the database URL ({type(exc).__name__})",
                      f"check {PREFIX}DATABASE_URL (postgresql://user@host/db or empty for "
                      f"SQLite in the data dir)")
        return
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        current = current_revision(engine)
    except SQLAlchemyError as exc:
        yield Finding(FAIL, "database", f"cannot connect ({type(exc).__name__})",
                      f"is the server running and reachable? check {PREFIX}DATABASE_URL")
        return
    finally:
        engine.dispose()
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    config = alembic_config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if current == head:
        yield Finding(OK, "database", f"reachable, schema at {head}")
    elif current is None:
        yield Finding(OK, "database", "reachable and empty: `serve` migrates it on first start")
    else:
        yield Finding(WARN, "database", f"schema at {current}, this version ships {head}",
                      "`serve` (or any command) migrates it on start; back up first")


def _tables(settings: Settings) -> Iterator[Finding]:
    from bot import faq
    from bot.appointments import load_schedule
    from bot.deadlines import Rules
    from bot.firewall import UnitTree
    from bot.routing import RoutingTable
    from bot.workdays import WorkCalendar

    def path(value: str) -> Path | None:
        return Path(value).expanduser() if value else None

    try:
        calendar = WorkCalendar.load(path(settings.holidays_file))
    except (OSError, ValueError) as exc:
        yield Finding(FAIL, "holidays", str(exc), f"fix the file named by {PREFIX}HOLIDAYS_FILE")
        return
    loaders: list[tuple[str, str, Callable[[], object]]] = [
        ("routing", "ROUTING_FILE", lambda: RoutingTable.load(path(settings.routing_file))),
        ("units", "UNITS_FILE", lambda: UnitTree.load(path(settings.units_file))),
        ("reception", "RECEPTION_FILE",
         lambda: load_schedule(path(settings.reception_file), calendar)),
        ("faq", "FAQ_FILE", lambda: faq.load(path(settings.faq_file))),
    ]
    rules = path(settings.deadline_rules_file)
    if rules is not None:
        loaders.append(("deadlines", "DEADLINE_RULES_FILE", lambda: Rules.load(rules)))
    for topic, variable, load in loaders:
        configured = getattr(settings, variable.lower())
        try:
            load()
        except (OSError, ValueError) as exc:
            yield Finding(FAIL, topic, str(exc)[:300], f"fix the file named by {PREFIX}{variable}")
            continue
        yield Finding(OK, topic, f"{configured or 'the shipped example'} loads")


def _calendar(settings: Settings) -> Iterator[Finding]:
    from bot.workdays import WorkCalendar

    try:
        calendar = WorkCalendar.load(Path(settings.holidays_file).expanduser()
                                     if settings.holidays_file else None)
    except (OSError, ValueError):
        return  # reported with the tables
    today = Clock(settings.fixed_now()).today()
    years = coming_year(today)
    missing = [year for year in years if not calendar.has_data(year)]
    if not missing:
        yield Finding(OK, "calendar", f"holiday data for {', '.join(map(str, years))}")
        return
    listed = ", ".join(map(str, missing))
    yield Finding(WARN, "calendar",
                  f"no holiday data for {listed}: deadlines falling then count weekends only "
                  f"and may miss a public holiday",
                  f"publish the State Council's arrangement as a [{missing[0]}] table in the "
                  f"TOML file named by {PREFIX}HOLIDAYS_FILE (see bot/workdays.py), or upgrade "
                  f"chinesecalendar")


def _ports(settings: Settings) -> Iterator[Finding]:
    wanted = [("http", settings.http_host, settings.http_port, "HTTP")]
    if settings.mail_enabled:
        wanted.append(("smtp", settings.smtp_host, settings.smtp_port, "SMTP"))
    for topic, host, port, variable in wanted:
        problem = _bindable(host, port)
        if problem is None:
            yield Finding(OK, topic, f"{host}:{port} is free")
        elif problem == errno.EADDRINUSE:
            yield Finding(WARN, topic, f"{host}:{port} is in use (a running `serve`?)",
                          f"stop what holds it, or set {PREFIX}{variable}_PORT")
        else:
            yield Finding(FAIL, topic, f"cannot bind {host}:{port} ({errno.errorcode.get(problem, problem)})",
                          f"check {PREFIX}{variable}_HOST / _PORT (ports below 1024 need privileges)")


def _bindable(host: str, port: int) -> int | None:
    if port == 0:
        return None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return errno.EADDRNOTAVAIL
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return exc.errno or errno.EADDRNOTAVAIL
    return None


def _public_url(settings: Settings) -> Iterator[Finding]:
    if settings.public_url:
        scheme = "https" if settings.public_url.startswith("https://") else "http"
        level = OK if scheme == "https" else WARN
        yield Finding(level, "public url", f"{settings.public_url} (links in notices, webhooks)",
                      "" if level == OK else "serve the public URL over https")
    else:
        yield Finding(WARN, "public url", "not set: notices cannot link to the case page and "
                                          "SMS / Telegram webhooks cannot be checked",
                      f"set {PREFIX}PUBLIC_URL to the address citizens and providers use, "
                      f"e.g. https://xf.example.gov.cn")


def _mail(settings: Settings) -> Iterator[Finding]:
    if not settings.mail_enabled:
        yield Finding(OK, "mail", f"off ({PREFIX}MAIL_ENABLED=false)")
        return
    domains = ", ".join(settings.mail_domains) or "none"
    if not settings.mail_domains or set(settings.mail_domains) <= {"localhost"}:
        yield Finding(WARN, "mail", f"accepts mail only for {domains}",
                      f"set {PREFIX}MAIL_DOMAINS to the bureau's domain(s), comma-separated")
    else:
        yield Finding(OK, "mail", f"accepts mail for {domains}")
    if not settings.outbound_smtp:
        yield Finding(WARN, "mail", "no relay for replies: answers to letters wait in the outbox",
                      f"set {PREFIX}OUTBOUND_SMTP=host:port of the bureau's mail relay")
    else:
        yield Finding(OK, "mail", f"replies through {settings.outbound_smtp}")


def _sms(settings: Settings) -> Iterator[Finding]:
    sid, token = settings.twilio_account_sid, settings.twilio_auth_token
    if not sid and not token:
        yield Finding(OK, "sms", f"off (set {PREFIX}TWILIO_ACCOUNT_SID and _AUTH_TOKEN to turn "
                                 f"it on)")
        return
    if not (sid and token):
        missing = "TWILIO_AUTH_TOKEN" if sid else "TWILIO_ACCOUNT_SID"
        yield Finding(FAIL, "sms", f"half configured: {PREFIX}{missing} is missing",
                      f"set {PREFIX}{missing}, or unset both to keep SMS off")
        return
    if not _TWILIO_SID.fullmatch(sid):
        yield Finding(FAIL, "sms", "the account SID does not look like Twilio's (AC + 32 hex)",
                      f"copy {PREFIX}TWILIO_ACCOUNT_SID from the Twilio console")
    if not _TWILIO_TOKEN.fullmatch(token):
        yield Finding(FAIL, "sms", "the auth token does not look like Twilio's (32 hex)",
                      f"copy {PREFIX}TWILIO_AUTH_TOKEN from the Twilio console")
    if not _E164.fullmatch(settings.twilio_from):
        yield Finding(FAIL, "sms", "no valid sending number: replies cannot go out",
                      f"set {PREFIX}TWILIO_FROM to the Twilio number in E.164 (+86…)")
    if not settings.public_url:
        yield Finding(FAIL, "sms", "webhooks refuse every request without the public URL "
                                   "their signatures are made for",
                      f"set {PREFIX}PUBLIC_URL and point Twilio at {{PUBLIC_URL}}/sms/inbound")
    else:
        yield Finding(OK, "sms", "credentials have the right shape (not checked with Twilio)")


def _telegram(settings: Settings) -> Iterator[Finding]:
    token = settings.telegram_token
    if not token:
        yield Finding(OK, "telegram", f"off (set {PREFIX}TELEGRAM_TOKEN to turn it on)")
        return
    if not _TELEGRAM_TOKEN.fullmatch(token):
        yield Finding(FAIL, "telegram", "the bot token does not look like 123456:ABC…",
                      f"copy {PREFIX}TELEGRAM_TOKEN from @BotFather")
        return
    secret = settings.telegram_webhook_secret
    if secret and not _WEBHOOK_SECRET.fullmatch(secret):
        yield Finding(FAIL, "telegram", "the webhook secret may hold only A-Z a-z 0-9 _ -",
                      f"choose another {PREFIX}TELEGRAM_WEBHOOK_SECRET")
    elif secret and not settings.public_url.startswith("https://"):
        yield Finding(FAIL, "telegram", "webhook mode needs an https public URL",
                      f"set {PREFIX}PUBLIC_URL=https://…, or unset the webhook secret to poll")
    else:
        mode = "webhook" if secret else "polling"
        yield Finding(OK, "telegram", f"token has the right shape; {mode} mode")


def coming_year(today: date) -> list[int]:
    """The years the next 365 days fall in."""
    return sorted({today.year, (today + timedelta(days=365)).year})
