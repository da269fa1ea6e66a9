"""Identity's reads and writes: quotes in; speakers, aliases, party terms, keys and the quotes'
speaker and party out, writing only the rows that changed."""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict

import sqlite_utils

from .keys import QuoteInput
from .speakers import SpeakerRecord

_QUOTES = """select id, article_id, date, speaker_alias, speaker_kind, person_id, name_forms, extracted_party_id,
                    party_evidence, role, evidence, speaker_id, speaker_name, party_id, identity_key, statement_id
             from quotes where speaker_kind is not null order by id"""


def read_quotes(db: sqlite_utils.Database) -> tuple[list[QuoteInput], dict[str, tuple]]:
    """Every quote with a speaker, as extraction found it, and what identity last stored for it."""
    inputs, stored = [], {}
    for r in db.execute(_QUOTES):
        forms = tuple(json.loads(r[6])) if r[6] is not None else None
        inputs.append(QuoteInput(r[0], r[1], r[2], r[3], r[4], r[5], forms, r[7], r[8], r[9], r[10]))
        stored[r[0]] = (r[11], r[12], r[13], r[14], r[15])
    return inputs, stored


def previous_ids(db: sqlite_utils.Database, stored: dict[str, tuple]) -> dict[str, str]:
    """Key -> the speaker it was resolved to last time; quote id -> its stored speaker (older databases)."""
    previous = {quote: row[0] for quote, row in stored.items() if row[0]}
    previous.update({r[0]: r[1] for r in db.execute("select key, speaker_id from identity_keys where speaker_id is not null")})
    return previous


class ArticleTexts:
    """An article's text when a name needs its context, read once."""

    def __init__(self, db: sqlite_utils.Database):
        self.db, self.cache = db, {}

    def __call__(self, article_id: str) -> str | None:
        if article_id not in self.cache:
            row = self.db.execute("select text from articles where id = ?", [article_id]).fetchone()
            self.cache[article_id] = row[0] if row else None
        return self.cache[article_id]


def _term_id(speaker_id: str, term) -> str:
    raw = f"{speaker_id}|{term.party_id}|{term.valid_from}|{term.source}"
    return "pt-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def desired_rows(records: list[SpeakerRecord], rejected: list) -> dict[str, dict]:
    """Every row identity wants stored, by table."""
    speakers, aliases, terms, keys, quotes = {}, {}, {}, {}, {}
    for r in records:
        dates = sorted(q.date for q in r.quotes if q.date)
        speakers[r.id] = {"id": r.id, "name": r.name, "kind": r.kind, "party_id": r.current_party(), "role": r.role,
                          "person_id": r.person_id, "n_quotes": r.n_quotes,
                          "first_seen": dates[0] if dates else None, "last_seen": dates[-1] if dates else None}
        for alias, count in r.aliases().items():
            aliases[r.id, alias] = {"speaker_id": r.id, "alias": alias, "count": count}
        for t in r.terms:
            tid = _term_id(r.id, t)
            terms[tid] = {"id": tid, "speaker_id": r.id, "party_id": t.party_id, "valid_from": t.valid_from,
                          "valid_to": t.valid_to, "source": t.source, "evidence": t.evidence,
                          "article_id": t.article_id, "quote_id": t.quote_id}
        for key in r.keys:
            keys[key.sig] = {"key": key.sig, "speaker_id": r.id, "kind": key.kind, "name": key.name,
                             "evidence": key.how, "n_quotes": len(key.quotes)}
            for q in key.quotes:
                quotes[q.id] = (r.id, r.name, r.party_on(q), key.sig)
    for key in rejected:
        keys[key.sig] = {"key": key.sig, "speaker_id": None, "kind": key.kind, "name": key.name,
                         "evidence": key.how, "n_quotes": len(key.quotes)}
        for q in key.quotes:
            quotes[q.id] = (None, None, None, key.sig)
    return {"speakers": speakers, "speaker_aliases": aliases, "party_terms": terms, "identity_keys": keys,
            "quotes": quotes}


def _stored(db: sqlite_utils.Database, table: str, pk) -> dict:
    rows = db[table].rows
    if isinstance(pk, tuple):
        return {tuple(r[c] for c in pk): r for r in rows}
    return {r[pk]: r for r in rows}


def _delete(db: sqlite_utils.Database, table: str, pk, keys: list) -> None:
    columns = pk if isinstance(pk, tuple) else (pk,)
    where = " and ".join(f"[{c}] = ?" for c in columns)
    db.conn.executemany(f"delete from [{table}] where {where}", [k if isinstance(k, tuple) else (k,) for k in keys])


def write(db: sqlite_utils.Database, desired: dict[str, dict], stored_quotes: dict[str, tuple],
          party_names: dict[str, str]) -> dict[str, int]:
    """Store what changed, in one transaction; returns the number of changed rows by table."""
    from ..statements import refresh_statements

    changed: dict[str, int] = defaultdict(int)
    with db.atomic():
        for party in {r["party_id"] for r in desired["party_terms"].values()} | \
                {r["party_id"] for r in desired["speakers"].values() if r["party_id"]} | \
                {q[2] for q in desired["quotes"].values() if q[2]}:
            db.execute("insert or ignore into parties (id, name, aliases) values (?, ?, '[]')",
                       [party, party_names.get(party, party)])
        old_speakers = _stored(db, "speakers", "id")
        fresh = [row for sid, row in desired["speakers"].items() if old_speakers.get(sid) != row]
        if fresh:
            db["speakers"].upsert_all(fresh, pk="id")
        changed["speakers"] += len(fresh)
        updates, touched = [], set()
        for quote, (speaker, name, party, key) in desired["quotes"].items():
            before = stored_quotes.get(quote)
            if before is None or before[:4] != (speaker, name, party, key):
                updates.append((speaker, name, party, key, quote))
                if before is not None and before[4] and before[0] != speaker:
                    touched.add(before[4])
        if updates:
            db.conn.executemany("update quotes set speaker_id = ?, speaker_name = ?, party_id = ?, identity_key = ? "
                                "where id = ?", updates)
        changed["quotes"] = len(updates)
        for table, pk in (("speaker_aliases", ("speaker_id", "alias")), ("party_terms", "id"), ("identity_keys", "key")):
            old = _stored(db, table, pk)
            new = desired[table]
            stale = [k for k in old if k not in new]
            _delete(db, table, pk, stale)
            rows = [row for k, row in new.items() if old.get(k) != row]
            if rows:
                db[table].upsert_all(rows, pk=pk)
            changed[table] = len(stale) + len(rows)
        gone = [sid for sid in old_speakers if sid not in desired["speakers"]]
        _delete(db, "speakers", "id", gone)
        changed["speakers"] += len(gone)
        if touched:  # a statement whose quotes changed speaker may no longer (or now) conflict
            refresh_statements(db, touched)
    return dict(changed)
