"""The bot's parts wired together: store, clock, classifier, conversation, intake, processor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.clock import Clock
from bot.codes import CodeHasher, load_or_create_key
from bot.conversation import Conversation
from bot.deadlines import DeadlineEngine
from bot.intake import DurableIntake, Processor
from bot.workdays import WorkCalendar
from bot.routing import RoutingTable
from nlp import Analyzer, similarity
from storage import Store


@dataclass(slots=True)
class Core:
    store: Store
    clock: Clock
    hasher: CodeHasher
    deadlines: DeadlineEngine
    intake: DurableIntake
    processor: Processor

    @classmethod
    def open(
        cls,
        *,
        database_url: str,
        data_dir: Path,
        secret_key: str = "",
        fixed_now: datetime | None = None,
        model_path: Path | None = None,
        analyzer: Analyzer | None = None,
        holidays_file: Path | None = None,
        routing_file: Path | None = None,
    ) -> Core:
        """Open the store (migrating it) and build the bot on it."""
        store = Store.open(database_url, data_dir)
        clock = Clock(fixed_now)
        hasher = CodeHasher(load_or_create_key(secret_key, data_dir))
        deadlines = DeadlineEngine(WorkCalendar.load(holidays_file))
        if analyzer is None:
            analyzer = Analyzer.load(model_path if model_path and model_path.exists() else None)
        tokenizer = analyzer.tokenizer

        def similar(first: str, second: str) -> float:
            return similarity(first, second, tokenizer=tokenizer)

        conversation = Conversation(store, hasher, deadlines, RoutingTable.load(routing_file),
                                    similar)
        intake = DurableIntake(store, analyzer, conversation, clock)
        return cls(store, clock, hasher, deadlines, intake, Processor(intake))

    def close(self) -> None:
        self.store.close()
