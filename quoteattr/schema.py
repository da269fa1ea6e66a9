"""Every table and view of a quoteattr database, created at once so a partly built database serves.

The workbench reads ``statements``, ``conflicts`` and ``conflict_reviews`` from the first
page it shows, so they exist from the first batch an ingest commits, empty until
deduplication and conflict detection fill them. Existing databases are upgraded in place:
missing columns are added, conflict ids are rewritten to the pair id (reviews follow them),
quotes stored before speaker identities keep what extraction found in the identity's input
columns (``speaker_alias``, ``extracted_party_id``) and wait for the next identity run, the
review verdicts of older versions (confirmed / rejected) become conflicting / not conflicting,
and each conflict gets its latest verdict.
"""
from __future__ import annotations

import hashlib

import sqlite_utils

SCHEMA_VERSION = 4  # 3 was taken by two branches at once (identities; the review queue)
QUEUE_INDEX = "idx_conflicts_queue"

ARTICLE_COLUMNS = {
    "id": str, "source": str, "title": str, "url": str, "date": str, "text": str, "n_quotes": int,
    "date_source": str, "origin": str, "content_hash": str, "extractor": str,
}
QUOTE_COLUMNS = {
    "id": str, "article_id": str, "speaker_id": str, "party_id": str, "date": str,
    "text": str, "start": int, "end": int, "is_fragment": int, "kind": str, "speaker_name": str,
    "role": str, "cue": str, "evidence": str, "party_evidence": str,
    "confidence": float, "method": str, "statement_id": str,
    # What extraction found, the input of speaker identity (quoteattr.identity), kept as found:
    "speaker_alias": str, "speaker_kind": str, "person_id": str, "name_forms": str, "extracted_party_id": str,
    # The identity key the quote was resolved under (see identity_keys); empty until identity runs.
    "identity_key": str,
}
SPEAKER_COLUMNS = {
    "id": str, "name": str, "kind": str, "party_id": str, "role": str, "person_id": str, "n_quotes": int,
    "first_seen": str, "last_seen": str,
}
IDENTITY_TABLES = {
    # name: (columns, primary key, foreign keys, indexes)
    "speaker_aliases": ({"speaker_id": str, "alias": str, "count": int}, ("speaker_id", "alias"),
                        [("speaker_id", "speakers", "id")], [["alias"]]),
    "party_terms": ({"id": str, "speaker_id": str, "party_id": str, "valid_from": str, "valid_to": str,
                     "source": str, "evidence": str, "article_id": str, "quote_id": str}, "id",
                    [("speaker_id", "speakers", "id"), ("party_id", "parties", "id")], [["speaker_id"], ["party_id"]]),
    "speaker_corrections": ({"id": int, "action": str, "payload": str, "actor_id": str, "at": str}, "id", [], []),
    "identity_keys": ({"key": str, "speaker_id": str, "kind": str, "name": str, "evidence": str, "n_quotes": int},
                      "key", [("speaker_id", "speakers", "id")], [["speaker_id"]]),
    "identity_state": ({"key": str, "value": str}, "key", [], []),
}
STATEMENT_COLUMNS = {
    "id": str, "canonical_text": str, "speakers": str, "n_speakers": int, "speaker_conflict": int,
    "first_seen": str, "last_seen": str, "n_quotes": int, "n_articles": int, "n_sources": int,
}
CONFLICT_COLUMNS = {
    "id": str, "statement_a": str, "statement_b": str, "kind": str, "score": float, "reason": str,
    "signals": str, "days_apart": int, "origin": str,
    "verdict": str,  # the latest review's verdict: conflicting, not conflicting, different measure or context
    "date": str,  # when the conflict arose: the later statement's first date
    "pair_key": str,  # the pair of normalised texts, so a judged pair is known under new statement ids
    "speakers": str, "parties": str,  # "A | B": the review queue filters on them
}

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
        select c.id, c.kind, c.score, c.reason, c.days_apart, c.origin, c.verdict, c.date,
               sa.canonical_text as statement_a_text, sa.speakers as speakers_a,
               sa.first_seen as first_seen_a, sa.last_seen as last_seen_a,
               sb.canonical_text as statement_b_text, sb.speakers as speakers_b,
               sb.first_seen as first_seen_b, sb.last_seen as last_seen_b,
               c.statement_a, c.statement_b
        from conflicts c
        join statements sa on sa.id = c.statement_a
        join statements sb on sb.id = c.statement_b
        order by c.score desc, c.id
    """,
    "confirmed_conflicts": "select * from conflict_suggestions where verdict = 'conflicting'",
    "speaker_timeline": """
        select speaker_id, speaker, party, date, quote, source, id
        from quote_records where speaker_id is not null
        order by speaker_id, date is null, date, id
    """,
    # A speaker's statements and the conflicts about them: the speaker page links here.
    "speaker_statements": """
        select q.speaker_id, s.id as statement_id, s.canonical_text, s.n_quotes, s.first_seen, s.last_seen,
               s.speaker_conflict
        from statements s join (select distinct speaker_id, statement_id from quotes
                                where speaker_id is not null and statement_id is not null) q on q.statement_id = s.id
        order by q.speaker_id, s.first_seen is null, s.first_seen, s.id
    """,
    "speaker_conflicts": """
        select distinct q.speaker_id, c.id as conflict_id, c.kind, c.score, c.reason, c.statement_a, c.statement_b
        from conflicts c join quotes q on q.statement_id in (c.statement_a, c.statement_b)
        where q.speaker_id is not null
        order by q.speaker_id, c.score desc, c.id
    """,
}


def conflict_id(statement_a: str, statement_b: str) -> str:
    """A conflict's id: from the unordered pair, so neither a new date nor a new kind moves its reviews."""
    low, high = sorted((statement_a, statement_b))
    return "cf-" + hashlib.sha1(f"{low}|{high}".encode("utf-8")).hexdigest()[:12]


def _create(db: sqlite_utils.Database, name: str, columns: dict, **kwargs) -> bool:
    if name in db.table_names():
        missing = {c: t for c, t in columns.items() if c not in db[name].columns_dict}
        for column, kind in missing.items():
            db[name].add_column(column, kind)
        return False
    db[name].create(columns, **kwargs)
    return True


# Indexes the paged workbench pages read in order (publish.PARTY_ORDER, STATEMENT_ORDER,
# speaker_timeline): a page and its count come from the index alone. Added to existing databases too, whatever their version.
PAGE_INDEXES = {
    "idx_quotes_party_recent": "quotes(party_id, date, id, speaker_id)",
    "idx_quotes_statement_page": "quotes(statement_id, date, id)",
    "idx_speakers_party_id": "speakers(party_id)",
    # The speaker page: its timeline's date boundaries, and its statements and their conflicts.
    "idx_quotes_speaker_date": "quotes(speaker_id, date)",
    "idx_quotes_speaker_statement": "quotes(speaker_id, statement_id)",
    "idx_identity_keys_speaker_names": "identity_keys(speaker_id, name, n_quotes)",
}


def ensure_page_indexes(db: sqlite_utils.Database) -> None:
    """Create the missing page indexes (a few seconds per index at a million quotes, once)."""
    present = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
    for name, target in PAGE_INDEXES.items():
        if name not in present:
            db.execute(f"create index if not exists [{name}] on {target}")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create (or upgrade to) every table and view, in one transaction."""
    version = db.execute("pragma user_version").fetchone()[0]
    tables = set(db.table_names())
    if (version >= SCHEMA_VERSION and {"identity_state", "pipeline_state"} <= tables
            and set(CONFLICT_COLUMNS) <= set(db["conflicts"].columns_dict)
            and QUEUE_INDEX in {index.name for index in db["conflicts"].indexes}):
        ensure_page_indexes(db)
        return
    with db.atomic():
        if _create(db, "articles", ARTICLE_COLUMNS, pk="id"):
            db["articles"].create_index(["date"])
        _create(db, "parties", {"id": str, "name": str, "abbreviation": str, "aliases": str, "country": str}, pk="id")
        if _create(db, "speakers", SPEAKER_COLUMNS, pk="id", foreign_keys=[("party_id", "parties", "id")]):
            db["speakers"].create_index(["name"])
        legacy_quotes = "quotes" in db.table_names() and "speaker_alias" not in db["quotes"].columns_dict
        if _create(db, "quotes", QUOTE_COLUMNS, pk="id", foreign_keys=[
                ("article_id", "articles", "id"), ("speaker_id", "speakers", "id"), ("party_id", "parties", "id")]):
            for columns in (["article_id"], ["speaker_id"], ["party_id"], ["date"], ["statement_id"], ["kind"]):
                db["quotes"].create_index(columns)
            db["quotes"].enable_fts(["text", "speaker_name"], fts_version="FTS5", create_triggers=True, tokenize="porter")
        if _create(db, "statements", STATEMENT_COLUMNS, pk="id"):
            db["statements"].create_index(["speaker_conflict"])
            db["statements"].enable_fts(["canonical_text"], fts_version="FTS5", create_triggers=True, tokenize="porter")
        if _create(db, "conflicts", CONFLICT_COLUMNS, pk="id",
                   foreign_keys=[("statement_a", "statements", "id"), ("statement_b", "statements", "id")]):
            db["conflicts"].create_index(["kind"])
            db["conflicts"].create_index(["score"])
            db["conflicts"].create_index(["statement_a"])
            db["conflicts"].create_index(["statement_b"])
        for column in ("verdict", "date"):  # new in version 3: an upgraded database gets them too
            db["conflicts"].create_index([column], if_not_exists=True)
        # The review queue pages by score through this index alone, however deep the page.
        db["conflicts"].create_index(["score", "id", "kind", "origin", "verdict", "date"], index_name=QUEUE_INDEX,
                                     if_not_exists=True)
        if _create(db, "conflict_reviews",
                   {"id": int, "conflict_id": str, "verdict": str, "note": str, "actor_id": str, "reviewed_at": str},
                   pk="id", foreign_keys=[("conflict_id", "conflicts", "id")]):
            db["conflict_reviews"].create_index(["conflict_id"])
        if _create(db, "pending_conflict_checks", {"statement_id": str}, pk="statement_id"):
            # A database from before this table: every statement still needs its check.
            db.execute("insert into pending_conflict_checks select id from statements")
        _ensure_identity_tables(db, legacy_quotes)
        _create(db, "pipeline_state", {"key": str, "value": str}, pk="key")
        _rekey_conflicts(db)
        if 0 < version < SCHEMA_VERSION:
            _upgrade_verdicts(db)
        ensure_views(db)
        ensure_page_indexes(db)
        db.execute(f"pragma user_version = {SCHEMA_VERSION}")


def _ensure_identity_tables(db: sqlite_utils.Database, legacy_quotes: bool) -> None:
    for name, (columns, pk, foreign_keys, indexes) in IDENTITY_TABLES.items():
        if _create(db, name, columns, pk=pk, foreign_keys=foreign_keys):
            for index in indexes:
                db[name].create_index(index)
    # Quotes waiting for identity: found in one indexed lookup, however large the archive.
    db.execute("create index if not exists quotes_identity_pending on quotes(speaker_kind) "
               "where identity_key is null and speaker_kind is not null")
    if legacy_quotes:  # stored before identities: what extraction found is what the quote holds now
        db.execute("""update quotes set speaker_alias = speaker_name, extracted_party_id = party_id,
                      speaker_kind = (select kind from speakers where speakers.id = quotes.speaker_id)
                      where speaker_name is not null""")
        from .identity.roles import clean_stored_roles

        clean_stored_roles(db)


def ensure_views(db: sqlite_utils.Database) -> None:
    present = set(db.view_names())
    for name, sql in VIEWS.items():
        if name not in present:
            db.create_view(name, sql.strip())


def _upgrade_verdicts(db: sqlite_utils.Database) -> None:
    """Version 2's confirmed / rejected become conflicting / not conflicting; each conflict gets its verdict."""
    db.execute("update conflict_reviews set verdict = 'conflicting' where verdict = 'confirmed'")
    db.execute("update conflict_reviews set verdict = 'not conflicting' where verdict = 'rejected'")
    db.execute("""
        update conflicts set verdict = (select verdict from conflict_reviews r where r.conflict_id = conflicts.id
                                        and r.verdict != 'note' order by r.id desc limit 1)
    """)
    for view in ("confirmed_conflicts", "conflict_suggestions"):  # their columns changed
        db.execute(f"drop view if exists [{view}]")


def _rekey_conflicts(db: sqlite_utils.Database) -> None:
    """Conflicts stored under an older id scheme move to the pair id, their reviews with them."""
    moves = [(row[0], conflict_id(row[1], row[2])) for row in db.execute("select id, statement_a, statement_b from conflicts")]
    for old, new in moves:
        if old == new:
            continue
        if db.execute("select 1 from conflicts where id = ?", [new]).fetchone():
            db.execute("update conflict_reviews set conflict_id = ? where conflict_id = ?", [new, old])
            db.execute("delete from conflicts where id = ?", [old])
        else:
            db.execute("pragma defer_foreign_keys = on")
            db.execute("update conflicts set id = ? where id = ?", [new, old])
            db.execute("update conflict_reviews set conflict_id = ? where conflict_id = ?", [new, old])
