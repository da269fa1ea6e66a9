"""Speaker identity: one person, one speaker across the whole corpus, with a party history.

Runs after the articles of an ingest are stored and before deduplication (read -> NLP ->
attribution -> store -> identity -> dedupe -> conflicts). Extraction's output is its input and
is never changed: each quote keeps the name it was attributed under (``speaker_alias``), the
kind, the knowledge base's person id, the article's name forms and party; identity writes
the quote's ``speaker_id`` and canonical ``speaker_name``, its ``party_id`` on the article's
date, and the tables ``speakers``, ``speaker_aliases``, ``party_terms`` and ``identity_keys``.

One module per step: ``names`` (parts of names, what is no name), ``keys`` (what a name means
in its context), ``cluster`` (keys into people), ``history`` (party terms), ``corrections``
(reviewers' merges, splits and party terms), ``speakers`` (ids, canonical names), ``tables``
(reads and writes), ``roles`` (roles without quote placeholders).

Every run recomputes the groups from all stored quotes (a few seconds for a large archive) and
writes only what changed; a run with no new quote, no new correction and the same code does
nothing at all.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..parties import KnowledgeBase, default_kb
from ..slugs import slug
from .cluster import Clusterer
from .corrections import (apply_to_groups, record_merge, record_party_term, record_split, record_term_end,
                          stored_corrections)
from .keys import read_keys
from .speakers import build_speakers
from .tables import ArticleTexts, desired_rows, previous_ids, read_quotes, write

__all__ = ["IdentityReport", "update_identities", "pending", "kb_for", "remember_kb_files", "correct"]


@dataclass
class IdentityReport:
    ran: bool = False
    quotes: int = 0
    speakers: Counter = field(default_factory=Counter)  # by kind
    not_speakers: int = 0  # quotes whose extracted speaker is no speaker (a place, a headline ...)
    changed: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        if not self.ran:
            return "identity: nothing new"
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.speakers.items()))
        return (f"identity: {sum(self.speakers.values())} speakers ({kinds}) for {self.quotes} quotes; "
                f"{self.not_speakers} quotes' speakers are no speaker (a place, a dateline, a headline ...); "
                f"{self.changed.get('quotes', 0)} quotes given a speaker or party ({self.seconds:.1f} s)")


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


# Taken when the code is imported: a run records the version of the code it ran, even when the
# files change under a long ingest.
_VERSION = _fingerprint()


def version() -> str:
    """A fingerprint of identity's code: new rules recompute every identity."""
    return _VERSION


def _state(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("select value from identity_state where key = ?", [key]).fetchone()
    return row[0] if row else None


def pending(db: sqlite_utils.Database) -> bool:
    """Whether a quote waits for its speaker, or identity's code changed since the last run."""
    waiting = db.execute("select 1 from quotes where identity_key is null and speaker_kind is not null limit 1").fetchone()
    return waiting is not None or _state(db, "version") != version()


def remember_kb_files(db: sqlite_utils.Database, party_files=(), speaker_files=()) -> None:
    """The knowledge-base files an ingest used, so a reviewer's correction is applied with them too."""
    value = json.dumps({"parties": [str(Path(p).resolve()) for p in party_files],
                        "speakers": [str(Path(s).resolve()) for s in speaker_files]})
    if _state(db, "kb_files") != value:
        db["identity_state"].upsert({"key": "kb_files", "value": value}, pk="key")


def kb_for(db: sqlite_utils.Database) -> KnowledgeBase:
    """The knowledge base the last ingest used (the bundled one plus its files that still exist)."""
    files = json.loads(_state(db, "kb_files") or "{}")
    parties = [p for p in files.get("parties", []) if Path(p).exists()]
    speakers = [s for s in files.get("speakers", []) if Path(s).exists()]
    return KnowledgeBase.load(parties, speakers) if parties or speakers else default_kb()


def update_identities(db: sqlite_utils.Database, kb: KnowledgeBase | None = None, full: bool = False) -> IdentityReport:
    """Give every quote its speaker and party; ``full`` recomputes even when nothing is new."""
    if not full and not pending(db):
        return IdentityReport()
    started = time.perf_counter()
    kb = kb or kb_for(db)
    quotes, stored = read_quotes(db)
    texts = ArticleTexts(db)
    keys = read_keys(quotes, kb, texts)
    groups = [[keys[i] for i in group] for group in Clusterer(keys, kb, texts).groups()]
    corrections = stored_corrections(db)
    groups, keep = apply_to_groups(groups, corrections)
    records = build_speakers(groups, keep, kb, previous_ids(db, stored), corrections, slug)
    rejected = [k for k in keys if k.kind == "rejected"]
    party_names = {slug(p.name): p.name for p in kb.parties}
    party_names.update({slug(s.party): s.party for s in kb.speakers if s.party})
    with db.atomic():
        changed = write(db, desired_rows(records, rejected), stored, party_names)
        if _state(db, "version") != version():
            db["identity_state"].upsert({"key": "version", "value": version()}, pk="key")
    return IdentityReport(True, len(quotes), Counter(r.kind for r in records), sum(len(k.quotes) for k in rejected),
                          changed, time.perf_counter() - started)


def correct(db: sqlite_utils.Database, action: str, speaker_id: str, actor_id: str, form: dict,
            kb: KnowledgeBase | None = None) -> str:
    """Record a reviewer's correction and apply it at once; returns the speaker to show next.

    ``action`` is merge (``into``), split (``alias``), set_party (``party``, ``valid_from``,
    ``valid_to``, ``note``) or end_party (``term``, ``valid_to``, ``note``).
    """
    with db.atomic():
        if action == "merge":
            into = (form.get("into") or "").strip()
            record_merge(db, speaker_id, into, actor_id)
            target = into
        elif action == "split":
            alias = (form.get("alias") or "").strip()
            record_split(db, speaker_id, alias, actor_id)
            target = None
        elif action == "set_party":
            record_party_term(db, speaker_id, (form.get("party") or "").strip(), form.get("valid_from"),
                              form.get("valid_to"), actor_id, (form.get("note") or "").strip())
            target = speaker_id
        elif action == "end_party":
            record_term_end(db, speaker_id, (form.get("term") or "").strip(), form.get("valid_to") or "",
                            actor_id, (form.get("note") or "").strip())
            target = speaker_id
        else:
            raise ValueError(f"unknown correction {action!r}")
        update_identities(db, kb, full=True)
    if action == "split":
        row = db.execute("select speaker_id from identity_keys where name = ? and speaker_id != ? "
                         "order by n_quotes desc limit 1", [form.get("alias", "").strip(), speaker_id]).fetchone()
        target = row[0] if row else speaker_id
    return target
