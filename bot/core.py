"""The bot's parts wired together: store, clock, classifier, conversation, intake, processor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot.clock import Clock
from bot.codes import CodeHasher, load_or_create_key
from bot.conversation import Conversation
from bot.intake import DurableIntake, Processor
from nlp import Analyzer
from storage import Store


@dataclass(slots=True)
class Core:
    store: Store
    clock: Clock
    hasher: CodeHasher
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
    ) -> Core:
        """Open the store (migrating it) and build the bot on it."""
        store = Store.open(database_url, data_dir)
        clock = Clock(fixed_now)
        hasher = CodeHasher(load_or_create_key(secret_key, data_dir))
        if analyzer is None:
            analyzer = Analyzer.load(model_path if model_path and model_path.exists() else None)
        intake = DurableIntake(store, analyzer, Conversation(store, hasher), clock)
        return cls(store, clock, hasher, intake, Processor(intake))

    def close(self) -> None:
        self.store.close()
