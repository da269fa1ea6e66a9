"""Incremental, resumable ingest: read -> skip what is stored -> NLP -> store, in committed batches.

An article whose identity, content hash and extractor version are already stored is
skipped before any NLP. The others are extracted and stored a batch at a time, each
batch one transaction: a killed run loses only the batch it was writing, and the next
run skips every batch that was committed. Articles are streamed, never all in memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Callable, Iterable, Iterator

import sqlite_utils

from .articles import Article, ReadError, ReadResult
from .parties import KnowledgeBase
from .store import store_article, stored_state

BATCH_SIZE = 64


@dataclass
class IngestReport:
    read: int = 0  # articles read
    new: int = 0  # stored for the first time
    changed: int = 0  # stored before with other content (or by another extractor version): replaced
    unchanged: int = 0  # already stored as they are: skipped before any NLP
    repeated: int = 0  # the same article (same identity) twice in one run: the first is kept
    failed: int = 0  # read but not stored (attribution failed)
    errors: int = 0  # inputs that could not be read
    quotes: int = 0  # quotes stored by this run
    problems: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.new + self.changed

    def summary(self) -> str:
        parts = [f"{self.read} articles read: {self.new} new, {self.changed} changed, {self.unchanged} unchanged (skipped)"]
        if self.repeated:
            parts.append(f"{self.repeated} repeated in the input (skipped)")
        if self.failed:
            parts.append(f"{self.failed} failed")
        text = "; ".join(parts) + f"; {self.quotes} quotes stored"
        if self.errors:
            text += f"; {self.errors} inputs unreadable"
        return text


Event = tuple[str, object]  # ("stored" | "skipped" | "error" | "warning" | "failed", detail)


def ingest_articles(
    db: sqlite_utils.Database,
    results: Iterable[ReadResult],
    load_nlp: Callable,
    kb: KnowledgeBase,
    extractor: str,
    report: IngestReport,
    batch_size: int = BATCH_SIZE,
    workers: int = 1,
    reprocess: bool = False,
    model_name: str | None = None,
    dask: str | None = None,
) -> Iterator[Event]:
    """Ingest ``results`` (from :func:`read_articles`), yielding one event per input for progress and
    messages. With ``workers`` > 1 or ``dask``, other processes parse (loading ``model_name``) while
    this one reads and stores; ``load_nlp`` is then never called."""
    events: list[Event] = []
    seen: set[str] = set()
    stored_before: dict[str, bool] = {}

    def to_process() -> Iterator[Article]:
        for result in results:
            if isinstance(result, ReadError):
                report.errors += 1
                events.append(("error", str(result)))
                continue
            report.read += 1
            events.extend(("warning", f"warning: {result.source}: {w}") for w in result.warnings)
            if result.id in seen:
                report.repeated += 1
                events.append(("warning", f"warning: {result.origin or result.source}: the same article "
                                          f"(id {result.id}, same URL or place) was read earlier in this run; skipped"))
                continue
            seen.add(result.id)
            state = stored_state(db, result.id)
            if not reprocess and state == (result.content_hash, extractor):
                report.unchanged += 1
                events.append(("skipped", result))
                continue
            stored_before[result.id] = state is not None
            yield result

    def failed(article: Article, exc: Exception) -> None:
        report.failed += 1
        stored_before.pop(article.id, None)
        events.append(("failed", f"error: {article.origin or article.source}: attribution failed "
                                 f"({type(exc).__name__}: {exc}); article skipped"))

    pending = to_process()
    first = next(pending, None)
    yield from _drain(events)
    if first is None:
        return
    from .extract import extract  # spaCy is imported only when something needs parsing

    parallel = workers > 1 or bool(dask)
    stream = extract(chain([first], pending), None if parallel else load_nlp(), kb, n_process=workers,
                     batch_size=batch_size, on_error=failed, model_name=model_name, dask=dask)
    batch: list[tuple[Article, list]] = []
    for item in stream:
        batch.append(item)
        if len(batch) >= batch_size:
            _commit(db, batch, extractor, report, stored_before)
            yield from (("stored", a) for a, _ in batch)
            batch = []
        yield from _drain(events)
    if batch:
        _commit(db, batch, extractor, report, stored_before)
        yield from (("stored", a) for a, _ in batch)
    yield from _drain(events)


def _drain(events: list[Event]) -> Iterator[Event]:
    while events:
        yield events.pop(0)


def _commit(db, batch, extractor: str, report: IngestReport, stored_before: dict[str, bool]) -> None:
    with db.atomic():
        for article, quotes in batch:
            report.quotes += store_article(db, article, quotes, extractor)
    for article, _ in batch:
        if stored_before.pop(article.id, False):
            report.changed += 1
        else:
            report.new += 1
