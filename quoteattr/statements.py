"""Statements in the database: every quote grouped (``dedupe.group``), each group one row.

A statement keeps its id as quotes join it; when quotes bridge two statements the merged one
keeps the older id, and reviewed conflicts about the other follow its quotes. When the grouping
rules change (``GROUPING_VERSION``), the next run regroups every quote by itself.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from typing import Iterable

import sqlite_utils

from .dedupe import LABEL_KINDS, DedupeOptions, QuoteText, group, normalise
from .people import may_be_same_person, person_key

GROUPING_VERSION = "5"  # labels apart, excerpts by word runs, numbers normalised; short phrases one speaker's
MISATTRIBUTION_WORDS = 6  # the same words by two people is a finding only for a real statement
MISATTRIBUTION_CONFIDENCE = 0.5  # ... and only when both attributions are likely right

_QUOTE_QUERY = ("select q.id, q.text, q.speaker_id, q.speaker_name, q.statement_id, q.date, q.is_fragment, "
                "q.kind, q.confidence, q.article_id, a.source from quotes q join articles a on a.id = q.article_id")


def statement_id(member_ids: Iterable[str]) -> str:
    """A statement's id: derived from its earliest-created member, so it never changes later."""
    return "st-" + hashlib.sha1(min(member_ids).encode("utf-8")).hexdigest()[:12]


def misattributed(quotes: list[dict], canonical: str) -> bool:
    """The same real statement (six words or more) confidently attributed to two different people."""
    if len(normalise(canonical).split()) < MISATTRIBUTION_WORDS:
        return False
    # Each attribution counted says the statement itself: a slogan quoted inside it is not it.
    confident = [q for q in quotes if q["speaker_id"] and (q.get("kind") or "speech") not in LABEL_KINDS
                 and (q.get("confidence") or 0.0) >= MISATTRIBUTION_CONFIDENCE
                 and len(normalise(q["text"]).split()) >= MISATTRIBUTION_WORDS]
    return any(not may_be_same_person(a["speaker_id"], a["speaker_name"], b["speaker_id"], b["speaker_name"])
               for i, a in enumerate(confident) for b in confident[i + 1:])


def statement_row(quotes: list[dict]) -> dict:
    dates = sorted(q["date"] for q in quotes if q["date"])
    speakers = sorted({q["speaker_name"] for q in quotes if q["speaker_name"]})
    complete = [q for q in quotes if not q["is_fragment"]] or quotes
    canonical = max(complete, key=lambda q: (len(q["text"]), q["id"]))
    return {
        "canonical_text": canonical["text"],
        "speakers": json.dumps(speakers, ensure_ascii=False),
        "n_speakers": len(speakers),
        "speaker_conflict": int(misattributed(quotes, canonical["text"])),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "n_quotes": len(quotes),
        "n_articles": len({q["article_id"] for q in quotes}),
        "n_sources": len({q["source"] for q in quotes}),
    }


def _grouping_is_current(db: sqlite_utils.Database) -> bool:
    row = db.execute("select value from pipeline_state where key = 'grouping'").fetchone()
    return row is not None and row[0] == GROUPING_VERSION


def dedupe_database(db: sqlite_utils.Database, options: DedupeOptions = DedupeOptions(), full: bool = False) -> tuple[int, int]:
    """Give every quote a statement; returns (statements, quotes given a new statement).

    By default only quotes without a statement (new since the last run) are grouped, against
    everything stored; nothing pending costs one indexed lookup. ``full`` regroups every quote
    (new thresholds), and so does the first run after the grouping rules changed.
    """
    full = full or (not _grouping_is_current(db) and db.execute("select 1 from quotes limit 1").fetchone() is not None)
    if not full and db.execute("select 1 from quotes where statement_id is null limit 1").fetchone() is None:
        return db.execute("select count(*) from statements where n_quotes > 0").fetchone()[0], 0
    rows = list(db.query(_QUOTE_QUERY + " order by q.id"))
    existing = None if full else [r["statement_id"] for r in rows]
    # One person under two ids ("Donald J. Trump", "Donald Trump") is one speaker here too, until the
    # identity pass gives them one id.
    texts = [QuoteText(r["id"], r["text"], person_key(r["speaker_id"], r["speaker_name"]), r["kind"] or "speech", r["article_id"])
             for r in rows]
    groups = group(texts, options, existing)
    members: dict[int, list[dict]] = defaultdict(list)
    for row, g in zip(rows, groups):
        members[g].append(row)
    if full:
        assigned = _assign_full(members)
        before = {r[0] for r in db.execute("select id from statements")}
    else:
        assigned = {}
        for quotes in members.values():
            if any(q["statement_id"] is None for q in quotes) or len({q["statement_id"] for q in quotes}) > 1:
                kept = sorted({q["statement_id"] for q in quotes if q["statement_id"]})
                assigned[kept[0] if kept else statement_id(q["id"] for q in quotes)] = quotes
        before = {q["statement_id"] for quotes in assigned.values() for q in quotes if q["statement_id"]}
    changed = [(sid, q["id"]) for sid, quotes in assigned.items() for q in quotes if q["statement_id"] != sid]
    with db.atomic():
        if changed:
            db.conn.executemany("update quotes set statement_id = ? where id = ?", changed)
        _write_statements(db, {sid: statement_row(quotes) for sid, quotes in assigned.items()})
        retire_statements(db, before - set(assigned), _successors(assigned, before - set(assigned)))
        db.execute("insert or replace into pipeline_state (key, value) values ('grouping', ?)", [GROUPING_VERSION])
    return db.execute("select count(*) from statements where n_quotes > 0").fetchone()[0], len(changed)


def _assign_full(members: dict[int, list[dict]]) -> dict[str, list[dict]]:
    """Statement ids for a full regrouping: an id stays with the group holding most of its quotes."""
    claims: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for g, quotes in members.items():
        for sid, count in Counter(q["statement_id"] for q in quotes if q["statement_id"]).items():
            claims[sid].append((count, -g))
    owner = {sid: -max(c)[1] for sid, c in claims.items()}
    assigned = {}
    for g, quotes in members.items():
        kept = sorted(sid for sid, o in owner.items() if o == g and sid in {q["statement_id"] for q in quotes})
        assigned[kept[0] if kept else statement_id(q["id"] for q in quotes)] = quotes
    return assigned


def _successors(assigned: dict[str, list[dict]], retired: set[str]) -> dict[str, str]:
    """Each retired statement -> the statement now holding most of its quotes."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for sid, quotes in assigned.items():
        for q in quotes:
            if q["statement_id"] in retired:
                counts[q["statement_id"]][sid] += 1
    return {old: max(c, key=lambda s: (c[s], s)) for old, c in counts.items()}


def _write_statements(db: sqlite_utils.Database, rows: dict[str, dict]) -> None:
    """Upsert statement rows that changed; each changed statement waits for its conflict check."""
    if not rows:
        return
    stored = {}
    ids = list(rows)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        stored.update({r["id"]: r for r in db.query(
            f"select * from statements where id in ({', '.join('?' * len(chunk))})", chunk)})
    fresh = [{"id": sid, **row} for sid, row in rows.items() if stored.get(sid) != {"id": sid, **row}]
    if fresh:
        db["statements"].upsert_all(fresh, pk="id")
        db.conn.executemany("insert or ignore into pending_conflict_checks (statement_id) values (?)", [[r["id"]] for r in fresh])


def refresh_statements(db: sqlite_utils.Database, statement_ids: Iterable[str]) -> None:
    """Recompute statements after some of their quotes were removed (an article changed)."""
    rows: dict[str, dict] = {}
    empty = set()
    for sid in statement_ids:
        quotes = list(db.query(_QUOTE_QUERY + " where q.statement_id = ?", [sid]))
        if quotes:
            rows[sid] = statement_row(quotes)
        else:
            empty.add(sid)
    _write_statements(db, rows)
    retire_statements(db, empty)


def retire_statements(db: sqlite_utils.Database, statement_ids: Iterable[str], successors: dict[str, str] | None = None) -> None:
    """Remove statements that lost all their quotes; one a review refers to stays, with 0 quotes.

    When a statement's quotes joined another (``successors``), its reviewed and hand-flagged
    conflicts move to that statement, reviews and all, so a reviewed pair never comes back as
    new. Unreviewed suggestions about a retired statement go.
    """
    from .conflict_store import move_conflicts

    for sid in statement_ids:
        db.execute("delete from pending_conflict_checks where statement_id = ?", [sid])
        if successors and sid in successors:
            move_conflicts(db, sid, successors[sid])
        db.execute("""
            delete from conflicts where origin = 'suggested' and (statement_a = ? or statement_b = ?)
            and id not in (select conflict_id from conflict_reviews)
        """, [sid, sid])
        if db.execute("select 1 from conflicts where statement_a = ? or statement_b = ? limit 1", [sid, sid]).fetchone():
            db.execute("update statements set n_quotes = 0, n_articles = 0, n_sources = 0 where id = ?", [sid])
        else:
            db.execute("delete from statements where id = ?", [sid])
