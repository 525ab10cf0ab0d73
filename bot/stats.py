"""Statistics of the case store for a period (Art 41 年度信访情况统计), as typed figures.

Every figure is about the cases *received* in the period (a cohort): how many, by channel,
category, territory, unit and month; what became of them (转送 / 交办 / 督办, on time or late,
repeated, rated). Dimension counts are SQL ``GROUP BY`` queries; figures that need the
bureau's local dates or the audit trail are worked out from the cases' own columns and their
:class:`~storage.CaseEvent` rows. The same code runs on SQLite and PostgreSQL.

A statistic never carries petitioner data: no names, contacts, texts or case numbers. Hot
topics come from the petitions' words, so terms that are part of a petitioner's name are
dropped and only words shared by several petitions count.

Accusation statistics (the units most accused, Art 41) are computed here but handed out only
through :func:`for_viewer`: to the roles entitled to them (``bot.access``: the bureau's
leadership, never a unit), over a period of at least :data:`ACCUSATION_MIN_DAYS` days, and
naming a unit only when it was accused at least :data:`ACCUSATION_MIN_COUNT` times (fewer are
summed into one line). A short period or a single accusation would point at the person who
accused, or at the official accused, which is what Art 30 and 46(5) forbid.

On time (Art 22, 34): the acceptance decision (accept or reject) by ``acceptance_due``; the
answer by ``handling_due`` (which already includes an approved extension). A case still open
after its due date counts as late; one not yet due counts in neither.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot import catalogue
from bot.clock import CHINA, local_date
from bot.ratings import DISSATISFIED
from bot.workflow import HANDLING
from nlp.keywords import keywords
from nlp.tokenizer import Tokenizer
from storage import Case, CaseEvent, Identity, Message, Petitioner, Rating, Store

ACCUSATION = "检举控告"
#: The bot's own ways in (not adapters in channels/); every channel's name comes from its
#: capabilities (``bot.catalogue``).
SOURCE_NAMES = {"open311": "Open311 平台", "visit": "来访", "phone": "来电", "letter": "来信",
                "web": "网上信访"}
LEVEL_NAMES = {"county": "区县", "city": "市级", "default": "默认单位", "triage": "待人工分办",
               "law": "法定途径（纪检监察、政法、公安）"}
NONE_LABELS = {"category": "未分类", "unit": "未交办", "place": "未识别地点",
               "route_level": "未分办", "statutory_type": "未判定", "accused": "未记录被检举单位"}
#: Accusation figures only over at least a quarter, and a unit named only from three cases up.
ACCUSATION_MIN_DAYS = 90
ACCUSATION_MIN_COUNT = 3
FEW_ACCUSED = f"其他单位（各少于{ACCUSATION_MIN_COUNT}件）"
_DECIDED = ("accept", "reject")
_REPEATS = ("repeat_attached", "repeat_after_final")
_EVENTS = (*_DECIDED, "answer", "assign", "object", "supervise", *_REPEATS)


@dataclass(frozen=True, slots=True)
class Period:
    """Local (Beijing) dates, both inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date) -> Period:
        """From ``YYYY-MM-DD`` texts; a missing one defaults to this year's first / last day."""
        return cls(date.fromisoformat(start) if start else date(today.year, 1, 1),
                   date.fromisoformat(end) if end else date(today.year, 12, 31))

    @property
    def label(self) -> str:
        if self == Period.year(self.start.year):
            return f"{self.start.year}年"
        return f"{self.start.isoformat()} 至 {self.end.isoformat()}"

    def bounds(self) -> tuple[datetime, datetime]:
        """The UTC instants of the first local midnight and the one after the last day."""
        first = datetime.combine(self.start, time(), CHINA).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time(), CHINA).astimezone(UTC)
        return first, after

    def months(self) -> list[str]:
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


@dataclass(frozen=True, slots=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: str  # YYYY-MM
    total: int
    by_channel: dict[str, int]  # channel label → cases
    overdue: int

    @property
    def overdue_rate(self) -> Rate:
        return Rate(self.overdue, self.total)


@dataclass(frozen=True, slots=True)
class Dispatch:
    """Cases sent on to units (转送 / 交办), sent back (退单) and supervised (督办)."""

    transferred: int  # 转送
    assigned: int  # 交办
    objected: int  # 退单
    supervised: int  # 督办, any level
    supervised_overdue: int  # 督办 for an overdue case


@dataclass(frozen=True, slots=True)
class Timeliness:
    acceptance: Rate  # decided on time / decided or late
    answer: Rate  # answered on time / answered or late
    overdue: Rate  # late at acceptance or answer / all cases


@dataclass(frozen=True, slots=True)
class Repeats:
    repeat_messages: int  # messages attached to an open matter or refused after 复核
    repeated_cases: int  # cases that received such messages
    same_matter_cases: int  # cases whose petitioner had an earlier case of the same category
    rate: Rate  # cases in either group / all cases


@dataclass(frozen=True, slots=True)
class UnitSatisfaction:
    unit: str
    ratings: int
    mean: float
    satisfied: Rate  # grades above DISSATISFIED / all grades
    distribution: tuple[int, int, int, int, int]  # grades 5, 4, 3, 2, 1


@dataclass(frozen=True, slots=True)
class Statistics:
    period: Period
    as_of: date  # the day "late" was judged on
    total: int
    by_channel: tuple[Count, ...]
    by_category: tuple[Count, ...]
    by_territory: tuple[Count, ...]  # Case.place
    by_level: tuple[Count, ...]  # Case.route_level
    by_unit: tuple[Count, ...]
    by_type: tuple[Count, ...]  # statutory type
    monthly: tuple[MonthRow, ...]
    accused_units: tuple[Count, ...]  # units named in 检举控告 cases, most first
    dispatch: Dispatch
    timeliness: Timeliness
    repeats: Repeats
    satisfaction: tuple[UnitSatisfaction, ...]
    hot_topics: tuple[Count, ...] = field(default=())  # term → petitions using it


async def collect(store: Store, period: Period, today: date, *,
                  tokenizer: Tokenizer | None = None, top: int = 20) -> Statistics:
    """:func:`compute` in one read transaction of ``store``."""
    return await store.read(lambda session: compute(session, period, today,
                                                    tokenizer=tokenizer, top=top))


def compute(session: Session, period: Period, today: date, *,
            tokenizer: Tokenizer | None = None, top: int = 20) -> Statistics:
    """The statistics of the cases received in ``period``; hot topics only with a tokenizer."""
    first, after = period.bounds()
    in_period = (col(Case.received_at) >= first) & (col(Case.received_at) < after)
    ids = select(Case.id).where(in_period).scalar_subquery()
    rows = session.execute(
        sa_select(*(col(column) for column in (
            Case.id, Case.petitioner_id, Case.channel, Case.category, Case.status,
            Case.statutory_type, Case.accused_units, Case.received_at, Case.acceptance_due,
            Case.handling_due))).where(in_period).order_by(col(Case.id))
    ).all()
    events: dict[int, list[tuple[str, datetime, dict[str, Any]]]] = defaultdict(list)
    for case_id, action, at, details in session.exec(
        select(CaseEvent.case_id, CaseEvent.action, CaseEvent.at, CaseEvent.details)
        .where(col(CaseEvent.case_id).in_(ids), col(CaseEvent.action).in_(_EVENTS))
        .order_by(col(CaseEvent.id))
    ):
        events[case_id].append((action, at, dict(details)))

    months = {month: Counter[str]() for month in period.months()}
    overdue_by_month: Counter[str] = Counter()
    acceptance: list[bool] = []
    answer: list[bool] = []
    overdue = 0
    for case_id, _, channel, _, status, _, _, received, acceptance_due, handling_due in rows:
        month = local_date(_utc(received)).strftime("%Y-%m")
        months[month][channel_name(channel)] += 1
        trail = events[case_id]
        decided = _first(trail, _DECIDED)
        answered = _first(trail, ("answer",))
        late = False
        on_time = _on_time(acceptance_due, decided, today, pending=status == "registered")
        if on_time is not None:
            acceptance.append(on_time)
            late = not on_time
        if _first(trail, ("accept",)) is not None:  # a rejected case owes no answer
            on_time = _on_time(handling_due, answered, today, pending=status in HANDLING)
            if on_time is not None:
                answer.append(on_time)
                late = late or not on_time
        if late:
            overdue += 1
            overdue_by_month[month] += 1
    total = len(rows)
    return Statistics(
        period=period, as_of=today, total=total,
        by_channel=_counts(session, Case.channel, in_period, channel_name),
        by_category=_counts(session, Case.category, in_period, _or("category")),
        by_territory=_counts(session, Case.place, in_period, _or("place")),
        by_level=_counts(session, Case.route_level, in_period,
                         lambda v: LEVEL_NAMES.get(v, v) or NONE_LABELS["route_level"]),
        by_unit=_counts(session, Case.unit, in_period, _or("unit")),
        by_type=_counts(session, Case.statutory_type, in_period, _or("statutory_type")),
        monthly=tuple(MonthRow(month, sum(by.values()), dict(sorted(by.items())),
                               overdue_by_month[month]) for month, by in months.items()),
        accused_units=_ranked(Counter(
            unit for row in rows if row[5] == ACCUSATION
            for unit in (row[6] or [NONE_LABELS["accused"]]))),
        dispatch=_dispatch(events),
        timeliness=Timeliness(Rate(sum(acceptance), len(acceptance)),
                              Rate(sum(answer), len(answer)), Rate(overdue, total)),
        repeats=_repeats(session, rows, events, total),
        satisfaction=_satisfaction(session, ids),
        hot_topics=_hot_topics(session, ids, tokenizer, top) if tokenizer else (),
    )


def for_viewer(stats: Statistics, *, accusations: bool) -> Statistics:
    """The figures one viewer may have: accusation statistics only when ``accusations`` (the
    viewer's role is entitled, ``bot.access.sees_accusation_statistics``) and the period is
    long enough, with units accused fewer than the minimum summed into one line."""
    days = (stats.period.end - stats.period.start).days + 1
    if not accusations or days < ACCUSATION_MIN_DAYS:
        return replace(stats, accused_units=())
    kept = Counter({c.label: c.count for c in stats.accused_units
                    if c.count >= ACCUSATION_MIN_COUNT})
    few = sum(c.count for c in stats.accused_units if c.count < ACCUSATION_MIN_COUNT)
    if few >= ACCUSATION_MIN_COUNT:
        kept[FEW_ACCUSED] += few
    return replace(stats, accused_units=_ranked(kept))


def channel_name(channel: str) -> str:
    if channel in SOURCE_NAMES:
        return SOURCE_NAMES[channel]
    return catalogue.current().of(channel).display_name


def _or(dimension: str) -> Any:
    return lambda value: value or NONE_LABELS[dimension]


def _counts(session: Session, column: Any, where: ColumnElement[bool],
            label: Any) -> tuple[Count, ...]:
    counts: Counter[str] = Counter()
    for value, count in session.execute(
        sa_select(column, func.count()).where(where).group_by(column)
    ):
        counts[label(value or "")] += count  # two raw values may share a label
    return _ranked(counts)


def _ranked(counts: Counter[str]) -> tuple[Count, ...]:
    return tuple(Count(label, n) for label, n in sorted(counts.items(), key=lambda i: (-i[1], i[0])))


def _first(trail: Sequence[tuple[str, datetime, dict[str, Any]]],
           actions: Sequence[str]) -> datetime | None:
    return next((_utc(at) for action, at, _ in trail if action in actions), None)


def _on_time(due: date | None, done: datetime | None, today: date, *,
             pending: bool) -> bool | None:
    """On time, late, or not counted (no deadline, or not yet due, or no longer owed)."""
    if due is None:
        return None
    if done is not None:
        return local_date(done) <= due
    return False if pending and today > due else None


def _dispatch(events: dict[int, list[tuple[str, datetime, dict[str, Any]]]]) -> Dispatch:
    def cases(test: Any) -> int:
        return sum(1 for trail in events.values() if any(test(a, d) for a, _, d in trail))

    return Dispatch(
        transferred=cases(lambda a, d: a == "assign" and d.get("mode") == "转送"),
        assigned=cases(lambda a, d: a == "assign" and d.get("mode") == "交办"),
        objected=cases(lambda a, d: a == "object"),
        supervised=cases(lambda a, d: a == "supervise"),
        supervised_overdue=cases(lambda a, d: a == "supervise" and d.get("level") == "overdue"),
    )


def _repeats(session: Session, rows: Sequence[Any],
             events: dict[int, list[tuple[str, datetime, dict[str, Any]]]],
             total: int) -> Repeats:
    repeated = {case_id for case_id, trail in events.items()
                if any(action in _REPEATS for action, _, _ in trail)}
    messages = sum(1 for trail in events.values() for action, _, _ in trail if action in _REPEATS)
    petitioners = {row[1] for row in rows}
    earlier: dict[tuple[int, str], int] = {}  # (petitioner, category) → first case id
    if petitioners:
        for case_id, petitioner_id, category in session.exec(
            select(Case.id, Case.petitioner_id, Case.category)
            .where(col(Case.petitioner_id).in_(petitioners), Case.category != "")
            .order_by(col(Case.id))
        ):
            if case_id is not None:
                earlier.setdefault((petitioner_id, category), case_id)
    same = {row[0] for row in rows
            if row[3] and earlier.get((row[1], row[3]), row[0]) < row[0]}
    return Repeats(messages, len(repeated), len(same), Rate(len(repeated | same), total))


def _satisfaction(session: Session, ids: Any) -> tuple[UnitSatisfaction, ...]:
    grades: dict[str, list[int]] = defaultdict(list)
    for unit, score in session.exec(
        select(Rating.unit, Rating.score).where(col(Rating.case_id).in_(ids))
        .order_by(col(Rating.id))
    ):
        grades[unit or NONE_LABELS["unit"]].append(score)
    rows = [UnitSatisfaction(
        unit, len(scores), round(sum(scores) / len(scores), 2),
        Rate(sum(1 for s in scores if s > DISSATISFIED), len(scores)),
        (scores.count(5), scores.count(4), scores.count(3), scores.count(2), scores.count(1)),
    ) for unit, scores in grades.items()]
    return tuple(sorted(rows, key=lambda row: (-row.ratings, row.unit)))


def _hot_topics(session: Session, ids: Any, tokenizer: Tokenizer,
                top: int) -> tuple[Count, ...]:
    """Words most petitions share: each case's subject and first message; never a name."""
    texts: dict[int, str] = {}
    for case_id, subject in session.exec(select(Case.id, Case.subject).where(col(Case.id).in_(ids))):
        if case_id is not None:
            texts[case_id] = subject
    first: set[int] = set()
    names: set[str] = set()
    for case_id, text, sender_name in session.exec(
        select(Message.case_id, Message.text, Message.sender_name)
        .where(col(Message.case_id).in_(ids), Message.direction == "in").order_by(col(Message.id))
    ):
        names.add(sender_name)
        if case_id is not None and case_id not in first:
            first.add(case_id)
            texts[case_id] = f"{texts.get(case_id, '')}\n{text}"
    petitioners = select(Case.petitioner_id).where(col(Case.id).in_(ids)).scalar_subquery()
    names.update(session.exec(select(Petitioner.name).where(col(Petitioner.id).in_(petitioners))))
    names.update(session.exec(select(Identity.display_name)
                              .where(col(Identity.petitioner_id).in_(petitioners))))
    names = {name.strip() for name in names if len(name.strip()) >= 2}

    def personal(term: str) -> bool:
        return any(term in name or name in term for name in names)

    found = [k for k in keywords(texts.values(), tokenizer=tokenizer) if not personal(k.term)]
    return tuple(Count(k.term, k.documents) for k in found[:top])


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive times; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
