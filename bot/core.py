"""The bot's parts wired together: store, clock, classifier, conversation, intake, processor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot import faq
from bot.appointments import load_schedule
from bot.clock import Clock
from bot.codes import CodeHasher, load_or_create_key
from bot.deadlines import DeadlineEngine, Rules
from bot.dialogue import Conversation
from bot.firewall import UnitTree
from bot.intake import DurableIntake, Processor
from bot.matters import MatterIndex
from bot.modelwatch import ModelWatcher
from bot.reception import ReceptionSchedule
from bot.routing import RoutingTable
from bot.workdays import WorkCalendar
from channels.base import Completer
from nlp import Analyzer
from nlp.matter import MatterJudge
from storage import Store


@dataclass(slots=True)
class Core:
    store: Store
    clock: Clock
    hasher: CodeHasher
    deadlines: DeadlineEngine
    intake: DurableIntake
    processor: Processor
    units: UnitTree
    reception: ReceptionSchedule
    #: Same-matter judgements (repeats, collective alerts, 并单 proposals).
    matters: MatterIndex

    @classmethod
    def open(
        cls,
        *,
        database_url: str,
        data_dir: Path,
        sqlite_synchronous: str = "FULL",
        secret_key: str = "",
        fixed_now: datetime | None = None,
        model_path: Path | None = None,
        analyzer: Analyzer | None = None,
        holidays_file: Path | None = None,
        routing_file: Path | None = None,
        rules_file: Path | None = None,
        units_file: Path | None = None,
        reception_file: Path | None = None,
        faq_file: Path | None = None,
        completers: Mapping[str, Completer] | None = None,
        blocklist: Sequence[str] = (),
    ) -> Core:
        """Open the store (migrating it) and build the bot on it.

        The bureau's tables (deadline rules, unit hierarchy, reception days, answers to common
        questions) are read before the store opens, so a malformed file stops the start
        without touching the database.
        ``completers`` parse, by channel, the messages stored with a deferred parse (mail).
        """
        calendar = WorkCalendar.load(holidays_file)
        deadlines = DeadlineEngine(calendar, Rules.load(rules_file) if rules_file else None)
        units = UnitTree.load(units_file)
        reception = load_schedule(reception_file, calendar)
        answers = faq.FaqIndex(faq.load(faq_file))
        routing = RoutingTable.load(routing_file, tree=units)
        store = Store.open(database_url, data_dir, synchronous=sqlite_synchronous)
        clock = Clock(fixed_now)
        hasher = CodeHasher(load_or_create_key(secret_key, data_dir))
        if analyzer is None:
            analyzer = Analyzer.load(model_path if model_path and model_path.exists() else None)
        # A model promoted while serving (`nlp promote`) is swapped in between batches.
        watcher = ModelWatcher(model_path, analyzer) if model_path is not None else None
        matters = MatterIndex(MatterJudge.load(analyzer.tokenizer))
        conversation = Conversation(store, hasher, deadlines, routing, matters,
                                    reception=reception, faq=answers,
                                    blocked=frozenset(blocklist))
        intake = DurableIntake(store, analyzer, conversation, clock, completers)
        processor = Processor(intake, between_batches=watcher.check if watcher else None)
        return cls(store, clock, hasher, deadlines, intake, processor, units, reception,
                   matters)

    def close(self) -> None:
        self.store.close()
