"""The SQLite database: opening it (WAL), storing an article and its quotes, through sqlite-utils.

Writes here never commit on their own: the caller wraps a batch of articles in
``db.atomic()``, so a killed ingest loses at most the batch it was writing.
"""
from __future__ import annotations

import json

import sqlite_utils

from typing import TYPE_CHECKING

from .articles import Article, article_id as legacy_article_id
from .identity.roles import clean_role
from .parties import KnowledgeBase
from .slugs import slug  # noqa: F401  (re-exported)
from .schema import VIEWS, ensure_schema, ensure_views  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from .extract import AttributedQuote


def quote_id(article_id: str, start: int, end: int) -> str:
    return f"{article_id}-{start}-{end}"


def open_db(path) -> sqlite_utils.Database:
    """The database at ``path`` with every table and view, in WAL mode (readers never wait for the ingest)."""
    db = sqlite_utils.Database(path)
    if db.journal_mode != "wal":
        db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")  # safe in WAL: a killed process loses no committed batch
    db.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def store_parties(db: sqlite_utils.Database, kb: KnowledgeBase) -> None:
    """Upsert the knowledge base's parties, touching only rows that changed."""
    stored = {row["id"]: row for row in db["parties"].rows}
    rows = [
        {"id": slug(p.name), "name": p.name, "abbreviation": p.abbreviation,
         "aliases": json.dumps(list(p.aliases)), "country": p.country}
        for p in kb.parties
    ]
    changed = [row for row in rows if stored.get(row["id"]) != row]
    if changed:
        db["parties"].upsert_all(changed, pk="id")


def stored_state(db: sqlite_utils.Database, article_id: str) -> tuple[str | None, str | None] | None:
    """(content hash, extractor version) of a stored article, None when it is not stored."""
    row = db.execute("select content_hash, extractor from articles where id = ?", [article_id]).fetchone()
    return tuple(row) if row else None


def _quote_rows(article: Article, quotes: list["AttributedQuote"]) -> list[dict]:
    """Quote rows as extraction found them. The speaker's id, canonical name and party on the
    article's date are left empty: speaker identity (quoteattr.identity) fills them after the
    batches are stored, from every quote in the database."""
    rows = []
    for item in quotes:
        a, q = item.attribution, item.quote
        speaker_kind = a.speaker_kind if (a.speaker or a.speaker_kind == "anonymous") else None
        party = slug(a.party) if a.party else None
        rows.append({
            "id": quote_id(article.id, q.start, q.end), "article_id": article.id, "speaker_id": None,
            # A quote without a speaker keeps the party its words give ("the Congress leader said").
            "party_id": None if speaker_kind else party, "date": article.date, "text": q.text,
            "start": q.start, "end": q.end, "is_fragment": int(q.is_fragment), "kind": q.kind,
            "speaker_name": None, "role": clean_role(a.role, article.text), "cue": a.cue, "evidence": a.evidence,
            "party_evidence": a.party_evidence, "confidence": a.confidence, "method": a.method,
            "statement_id": None, "speaker_alias": a.speaker, "speaker_kind": speaker_kind,
            "person_id": a.person_id, "name_forms": json.dumps(list(a.name_forms), ensure_ascii=False),
            "extracted_party_id": party, "identity_key": None,
        })
    return rows


def _upsert_sql(table: str, columns: list[str], keep: dict[str, str] | None = None) -> str:
    """INSERT ... ON CONFLICT(id) DO UPDATE: the row is updated in place, never deleted and re-added."""
    keep = keep or {}
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = {keep.get(c, f'excluded.[{c}]')}" for c in columns if c != "id")
    return (f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))}) "
            f"on conflict(id) do update set {updates}")


def remove_article_quotes(db: sqlite_utils.Database, article_id: str) -> set[str]:
    """Delete an article's quotes; the statements they belonged to (to refresh)."""
    statements = {r[0] for r in db.execute("select distinct statement_id from quotes where article_id = ?", [article_id]) if r[0]}
    db.execute("delete from quotes where article_id = ?", [article_id])
    return statements


def store_article(db: sqlite_utils.Database, article: Article, quotes: list["AttributedQuote"], extractor: str | None = None) -> int:
    """Store one article and its quotes, replacing only that article's own earlier quotes.

    Runs inside the caller's transaction. New quotes have no speaker identity and no statement
    yet: the next identity run and deduplication give them one.
    """
    from .statements import refresh_statements

    touched = remove_article_quotes(db, article.id)
    legacy = legacy_article_id(article.text)
    if legacy != article.id and db.execute(
            "select 1 from articles where id = ? and origin is null and extractor is null", [legacy]).fetchone():
        touched |= remove_article_quotes(db, legacy)  # stored by a version that keyed articles by their text
        db.execute("delete from articles where id = ?", [legacy])
    row = {"id": article.id, "source": article.source, "title": article.title, "url": article.url,
           "date": article.date, "text": article.text, "n_quotes": len(quotes), "date_source": article.date_source,
           "origin": article.origin, "content_hash": article.content_hash, "extractor": extractor}
    db.execute(_upsert_sql("articles", list(row)), list(row.values()))
    for item in quotes:
        a = item.attribution
        if a.party:
            db.execute("insert or ignore into parties (id, name, aliases) values (?, ?, '[]')", [slug(a.party), a.party])
    rows = _quote_rows(article, quotes)
    if rows:
        columns = list(rows[0])
        db.conn.executemany(f"insert into quotes ({', '.join(f'[{c}]' for c in columns)}) values ({', '.join('?' * len(columns))})",
                            [list(r.values()) for r in rows])
    if touched:
        refresh_statements(db, touched)
    return len(rows)


def insert_rows(db: sqlite_utils.Database, table: str, columns: list[str], rows, batch: int = 50_000) -> int:
    """Bulk-insert plain rows (sequences in ``columns`` order) into a table, ``batch`` per executemany.

    No upsert, no statement refresh: the fast path for building a large database from rows
    already computed (benchmarks, imports). Runs in the caller's transaction; returns the count.
    """
    sql = (f"insert into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    count, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            db.conn.executemany(sql, chunk)
            count, chunk = count + len(chunk), []
    if chunk:
        db.conn.executemany(sql, chunk)
        count += len(chunk)
    return count
