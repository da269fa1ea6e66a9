"""The SQLite database: schema, idempotent upserts and full-text search, through sqlite-utils."""
from __future__ import annotations

import json
import re
import unicodedata

import sqlite_utils

from .articles import Article
from .extract import AttributedQuote
from .parties import KnowledgeBase

def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def quote_id(article_id: str, start: int, end: int) -> str:
    return f"{article_id}-{start}-{end}"


def open_db(path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "articles" not in db.table_names():
        db["articles"].create(
            {"id": str, "source": str, "title": str, "url": str, "date": str, "text": str, "n_quotes": int},
            pk="id",
        )
        db["articles"].create_index(["date"])
    if "parties" not in db.table_names():
        db["parties"].create(
            {"id": str, "name": str, "abbreviation": str, "aliases": str, "country": str}, pk="id"
        )
    if "speakers" not in db.table_names():
        db["speakers"].create(
            {"id": str, "name": str, "kind": str, "party_id": str, "role": str},
            pk="id",
            foreign_keys=[("party_id", "parties", "id")],
        )
        db["speakers"].create_index(["name"])
    if "quotes" not in db.table_names():
        db["quotes"].create(
            {
                "id": str, "article_id": str, "speaker_id": str, "party_id": str, "date": str,
                "text": str, "start": int, "end": int, "is_fragment": int, "kind": str, "speaker_name": str,
                "role": str, "cue": str, "evidence": str, "party_evidence": str,
                "confidence": float, "method": str, "statement_id": str,
            },
            pk="id",
            foreign_keys=[
                ("article_id", "articles", "id"),
                ("speaker_id", "speakers", "id"),
                ("party_id", "parties", "id"),
            ],
        )
        for columns in (["article_id"], ["speaker_id"], ["party_id"], ["date"], ["statement_id"], ["kind"]):
            db["quotes"].create_index(columns)
        db["quotes"].enable_fts(["text", "speaker_name"], fts_version="FTS5", create_triggers=True, tokenize="porter")
    ensure_views(db)


VIEWS = {
    # One row per quote with names instead of ids: what a fact-checker exports.
    "quote_records": """
        select q.id, q.date, q.speaker_name as speaker, p.name as party, q.text as quote,
               q.is_fragment, q.kind, q.role, q.cue, q.confidence, q.method, a.source, a.title, a.url,
               q.evidence, q.party_evidence, q.article_id, q.speaker_id, q.party_id, q.statement_id
        from quotes q
        join articles a on a.id = q.article_id
        left join parties p on p.id = q.party_id
    """,
    "undated_quotes": "select * from quote_records where date is null",
    # The same words attributed to different people: each occurrence with its speaker.
    "misattributions": """
        select s.id as statement_id, s.canonical_text, r.speaker, r.party, r.date, r.source,
               r.title, r.quote, r.id as quote_id, r.article_id, r.speaker_id
        from statements s join quote_records r on r.statement_id = s.id
        where s.speaker_conflict = 1
        order by s.id, r.date is null, r.date, r.id
    """,
    # Suggested and hand-flagged conflicts, both sides side by side, with the latest verdict.
    "conflict_suggestions": """
        select c.id, c.kind, c.score, c.reason, c.days_apart, c.origin,
               sa.canonical_text as statement_a_text, sa.speakers as speakers_a, sa.first_seen as first_seen_a,
               sb.canonical_text as statement_b_text, sb.speakers as speakers_b, sb.first_seen as first_seen_b,
               (select verdict from conflict_reviews r where r.conflict_id = c.id and r.verdict != 'note'
                order by r.id desc limit 1) as verdict,
               c.statement_a, c.statement_b
        from conflicts c
        join statements sa on sa.id = c.statement_a
        join statements sb on sb.id = c.statement_b
        order by c.score desc, c.id
    """,
    "confirmed_conflicts": "select * from conflict_suggestions where verdict = 'confirmed'",
    "speaker_timeline": """
        select speaker_id, speaker, party, date, quote, source, id
        from quote_records where speaker_id is not null
        order by speaker_id, date is null, date, id
    """,
}


def ensure_views(db: sqlite_utils.Database) -> None:
    """Create the views whose tables exist; existing views are left as they are."""
    present = set(db.table_names()) | set(db.view_names())
    for name, sql in VIEWS.items():
        needs = {t for t in ("statements", "conflicts", "conflict_reviews", "conflict_suggestions") if f" {t} " in sql or sql.endswith(t)}
        if name not in present and needs <= present:
            db.create_view(name, sql.strip())
            present.add(name)


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


def _party_id(db: sqlite_utils.Database, name: str | None) -> str | None:
    if not name:
        return None
    pid = slug(name)
    if not db["parties"].count_where("id = ?", [pid]):
        db["parties"].insert({"id": pid, "name": name, "aliases": "[]"}, pk="id")
    return pid


def speaker_id(name: str) -> str:
    return slug(name)


_QUOTE_FIELDS = ("id", "article_id", "speaker_id", "party_id", "date", "text", "start", "end", "is_fragment", "kind",
                 "speaker_name", "role", "cue", "evidence", "party_evidence", "confidence", "method")


def _unchanged(db: sqlite_utils.Database, article_row: dict, quote_rows: list[dict]) -> bool:
    if next(db.query("select * from articles where id = ?", [article_row["id"]]), None) != article_row:
        return False
    existing = [
        dict(zip(_QUOTE_FIELDS, row))
        for row in db.execute(
            f"select {', '.join(f'[{f}]' for f in _QUOTE_FIELDS)} from quotes where article_id = ? order by start, [end]",
            [article_row["id"]],
        )
    ]
    return existing == sorted(quote_rows, key=lambda r: (r["start"], r["end"]))


def store_article(db: sqlite_utils.Database, article: Article, quotes: list[AttributedQuote]) -> int:
    """Store one article and its quotes; re-storing the same article writes nothing."""
    article_row = {"id": article.id, "source": article.source, "title": article.title, "url": article.url,
                   "date": article.date, "text": article.text, "n_quotes": len(quotes)}
    with db.conn:
        rows = []
        for item in quotes:
            a, q = item.attribution, item.quote
            party_id = slug(a.party) if a.party else None
            sid = speaker_id(a.speaker) if a.speaker else None
            rows.append({
                "id": quote_id(article.id, q.start, q.end), "article_id": article.id,
                "speaker_id": sid, "party_id": party_id, "date": article.date, "text": q.text,
                "start": q.start, "end": q.end, "is_fragment": int(q.is_fragment), "kind": q.kind,
                "speaker_name": a.speaker, "role": a.role, "cue": a.cue, "evidence": a.evidence,
                "party_evidence": a.party_evidence, "confidence": a.confidence, "method": a.method,
            })
        if _unchanged(db, article_row, rows):
            return len(rows)
        db["articles"].upsert(article_row, pk="id")
        for item in quotes:
            a = item.attribution
            party_id = _party_id(db, a.party)
            if a.speaker:
                sid = speaker_id(a.speaker)
                existing = db["speakers"].get(sid) if db["speakers"].count_where("id = ?", [sid]) else None
                db["speakers"].upsert(
                    {"id": sid, "name": a.speaker, "kind": a.speaker_kind,
                     "party_id": (existing or {}).get("party_id") or party_id,
                     "role": (existing or {}).get("role") or a.role},
                    pk="id",
                )
        keep = [r["id"] for r in rows]
        stale = db.execute(
            f"select id from quotes where article_id = ? and id not in ({','.join('?' * len(keep))})",
            [article.id, *keep],
        ).fetchall()
        for (stale_id,) in stale:
            db["quotes"].delete(stale_id)
        if rows:
            db["quotes"].upsert_all(rows, pk="id")
    return len(rows)
