"""Conflicts and their reviews in the database: rows, verdicts, and reviews that follow statements.

A conflict's id comes from its unordered pair of statements. A review sets the conflict's
``verdict`` (the latest one counts; a note alone leaves it unreviewed). When deduplication merges
a statement into another, its reviewed and hand-flagged conflicts move to the surviving statement
with their reviews, and any pair whose two texts were reviewed before is never suggested again as
new, whatever statements now hold those texts.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlite_utils

from .dedupe import normalise
from .schema import conflict_id

VERDICTS = ("conflicting", "not conflicting", "different measure or context")
LEGACY_VERDICTS = {"confirmed": "conflicting", "rejected": "not conflicting"}


def pair_key(text_a: str, text_b: str) -> str:
    """The unordered pair of two statements' normalised texts: a reviewed pair is known by its words too."""
    low, high = sorted((normalise(text_a), normalise(text_b)))
    return "pk-" + hashlib.sha1(f"{low}\x00{high}".encode("utf-8")).hexdigest()[:16]


def reviewed_pairs(db: sqlite_utils.Database) -> tuple[set[str], set[str]]:
    """(ids, pair keys) of conflicts a reviewer has judged or flagged."""
    ids, keys = set(), set()
    for row in db.execute("select id, pair_key from conflicts where verdict is not null or origin = 'manual' "
                          "or id in (select conflict_id from conflict_reviews)"):
        ids.add(row[0])
        if row[1]:
            keys.add(row[1])
    return ids, keys


def record_review(db: sqlite_utils.Database, conflict_id_: str, verdict: str, note: str, actor_id: str) -> None:
    """A reviewer's verdict (or a note) on a conflict, with who and when."""
    verdict = LEGACY_VERDICTS.get(verdict, verdict)
    if verdict not in VERDICTS + ("note",):
        raise ValueError(f"unknown verdict {verdict!r} (one of: {', '.join(VERDICTS)}, or a note)")
    if verdict == "note" and not (note or "").strip():
        raise ValueError("a note needs some text")
    if not db["conflicts"].count_where("id = ?", [conflict_id_]):
        raise ValueError(f"no conflict {conflict_id_!r}")
    with db.atomic():
        db["conflict_reviews"].insert({"conflict_id": conflict_id_, "verdict": verdict, "note": note or None, "actor_id": actor_id,
                                       "reviewed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
        if verdict != "note":
            db.execute("update conflicts set verdict = ? where id = ?", [verdict, conflict_id_])


def move_conflicts(db: sqlite_utils.Database, old: str, new: str) -> None:
    """Reviewed and hand-flagged conflicts about statement ``old`` now about ``new`` (its quotes moved)."""
    rows = list(db.query("""
        select * from conflicts where (statement_a = :s or statement_b = :s)
        and (verdict is not null or origin = 'manual' or id in (select conflict_id from conflict_reviews))
    """, {"s": old}))
    for row in rows:
        other = row["statement_b"] if row["statement_a"] == old else row["statement_a"]
        if other in (new, old):
            continue  # both sides are now one statement: the review stays with the retired one
        target = conflict_id(new, other)
        existing = db.execute("select verdict from conflicts where id = ?", [target]).fetchone()
        if existing is None:
            moved = dict(row, id=target, statement_a=new if row["statement_a"] == old else row["statement_a"],
                         statement_b=new if row["statement_b"] == old else row["statement_b"])
            db["conflicts"].insert(moved)
        elif existing[0] is None and row["verdict"]:
            db.execute("update conflicts set verdict = ? where id = ?", [row["verdict"], target])
        db.execute("update conflict_reviews set conflict_id = ? where conflict_id = ?", [target, row["id"]])
        db.execute("delete from conflicts where id = ?", [row["id"]])


def conflict_row(candidate, origin: str) -> dict:
    signals = [{"signal": s.name, "aligned": s.aligned, "words_a": list(s.words_a), "words_b": list(s.words_b),
                "spans_a": [list(x) for x in s.spans_a], "spans_b": [list(x) for x in s.spans_b], "reason": s.reason}
               for s in candidate.signals]
    return {"id": candidate.id, "statement_a": candidate.statement_a, "statement_b": candidate.statement_b,
            "kind": candidate.kind, "score": candidate.score, "reason": candidate.reason,
            "signals": json.dumps(signals, ensure_ascii=False), "days_apart": candidate.days_apart, "origin": origin,
            "date": candidate.date, "pair_key": candidate.pair_key, "speakers": candidate.speakers,
            "parties": candidate.parties}


def conflicts_about(db: sqlite_utils.Database, statements: set[str] | None) -> list[dict]:
    if statements is None:
        return list(db.query("select id, origin, verdict, score, reason, signals, kind, days_apart, date, pair_key, "
                             "statement_a, statement_b from conflicts"))
    ids = json.dumps(sorted(statements))
    return list(db.query("""
        select id, origin, verdict, score, reason, signals, kind, days_apart, date, pair_key, statement_a, statement_b
        from conflicts where statement_a in (select value from json_each(:ids))
        or statement_b in (select value from json_each(:ids))
    """, {"ids": ids}))
