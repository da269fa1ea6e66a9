"""What the Datasette pages need from the library: metadata, search, highlighting, page data.

Functions take a plain ``sqlite3`` connection so Datasette plugins can call them
from ``db.execute_fn`` and tests can call them directly.
"""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import yaml
from urllib.parse import parse_qsl, urlencode
from markupsafe import Markup, escape

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_METADATA = PROJECT_ROOT / "metadata.yml"
METADATA_DATABASE = "quoteattr"
_HL_OPEN, _HL_CLOSE = "\x01", "\x02"


def metadata_dict(db_name: str, metadata_path: str | Path | None = None) -> dict:
    """The project's metadata with its database section keyed by ``db_name``."""
    data = yaml.safe_load(Path(metadata_path or DEFAULT_METADATA).read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    if METADATA_DATABASE in databases and db_name != METADATA_DATABASE:
        databases[db_name] = databases.pop(METADATA_DATABASE)
    for config in (data.get("plugins") or {}).values():
        if isinstance(config, dict) and config.get("database") == METADATA_DATABASE:
            config["database"] = db_name
    return data


def metadata_for(db_path: str | Path, metadata_path: str | Path | None = None) -> Path:
    """A metadata file Datasette can read for ``db_path`` (whatever the file is called)."""
    name = Path(db_path).stem
    if name == METADATA_DATABASE:
        return Path(metadata_path or DEFAULT_METADATA)
    out = Path(tempfile.mkdtemp(prefix="quoteattr-")) / "metadata.yml"
    out.write_text(yaml.safe_dump(metadata_dict(name, metadata_path), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def fts_query(query: str) -> str:
    """A user's search as a safe FTS5 query: words are quoted, "phrases" kept, punctuation inert."""
    if query.count('"') % 2:
        query += '"'
    parts, phrase = [], False
    for i, chunk in enumerate(query.split('"')):
        phrase = i % 2 == 1
        if phrase:
            words = " ".join(w for w in chunk.split())
            if words:
                parts.append('"' + words.replace('"', "") + '"')
        else:
            parts.extend('"' + w + '"' for w in chunk.split() if any(c.isalnum() for c in w))
    return " ".join(parts)


def clean_search_params(query_string: str) -> str:
    """A query string whose ``_search`` values Datasette's escaped FTS mode can always run."""
    params = []
    for key, value in parse_qsl(query_string, keep_blank_values=True):
        if key.startswith("_search"):
            if value.count('"') % 2:
                value = value.replace('"', " ")
            if not any(ch.isalnum() for ch in value):
                continue
        params.append((key, value))
    return urlencode(params)


def highlighted(marked: str) -> Markup:
    """HTML for text whose matches SQLite's highlight() wrapped in \\x01 ... \\x02."""
    return Markup(str(escape(marked)).replace(_HL_OPEN, "<mark>").replace(_HL_CLOSE, "</mark>"))


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def search_quotes(conn: sqlite3.Connection, query: str, limit: int = 100) -> list[dict]:
    """Quotes matching ``query`` in text or speaker name, best first, with highlighted text."""
    match = fts_query(query)
    if not match:
        return []
    rows = _rows(conn, f"""
        select r.*, highlight(quotes_fts, 0, char(1), char(2)) as marked, bm25(quotes_fts) as rank
        from quotes_fts
        join quotes q on q.rowid = quotes_fts.rowid
        join quote_records r on r.id = q.id
        where quotes_fts match ?
        order by rank
        limit {int(limit)}
    """, [match])
    for row in rows:
        row["html"] = highlighted(row.pop("marked"))
    return rows


def quote_record(conn: sqlite3.Connection, quote_id: str) -> dict | None:
    rows = _rows(conn, "select r.*, q.start, q.[end] from quote_records r join quotes q on q.id = r.id where r.id = ?", [quote_id])
    return rows[0] if rows else None


def article_paragraphs(conn: sqlite3.Connection, article_id: str, quote_id: str | None = None) -> tuple[dict | None, list[dict]]:
    """The article and its paragraphs; the paragraph holding ``quote_id`` has the quote marked."""
    rows = _rows(conn, "select * from articles where id = ?", [article_id])
    if not rows:
        return None, []
    article = rows[0]
    quote = quote_record(conn, quote_id) if quote_id else None
    text, paragraphs, pos = article["text"], [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        html, has_quote = escape(line), False
        if quote and quote["article_id"] == article_id and start <= quote["start"] < end:
            q_start, q_end = quote["start"] - start, min(quote["end"], end) - start
            html = Markup("{}<mark id=\"quote\">{}</mark>{}").format(line[:q_start], line[q_start:q_end], line[q_end:])
            has_quote = True
        paragraphs.append({"html": html, "has_quote": has_quote})
    return article, paragraphs


def speaker_page(conn: sqlite3.Connection, speaker_id: str) -> dict | None:
    """A speaker, their party with its evidence, and their quotes: dated in order, undated apart."""
    rows = _rows(conn, """
        select s.*, p.name as party from speakers s left join parties p on p.id = s.party_id where s.id = ?
    """, [speaker_id])
    if not rows:
        return None
    speaker = rows[0]
    quotes = _rows(conn, "select * from quote_records where speaker_id = ? order by date, source, id", [speaker_id])
    evidence = [q["party_evidence"] for q in quotes if q["party_evidence"] and q["party"] == speaker["party"]]
    return {
        "speaker": speaker,
        "party_evidence": sorted(set(evidence)),
        "dated": [q for q in quotes if q["date"]],
        "undated": [q for q in quotes if not q["date"]],
    }


def party_page(conn: sqlite3.Connection, party_id: str) -> dict | None:
    rows = _rows(conn, "select * from parties where id = ?", [party_id])
    if not rows:
        return None
    speakers = _rows(conn, """
        select s.id, s.name, s.role, count(q.id) as n_quotes from speakers s
        left join quotes q on q.speaker_id = s.id where s.party_id = ? group by s.id order by n_quotes desc, s.name
    """, [party_id])
    quotes = _rows(conn, "select * from quote_records where party_id = ? order by date is null, date desc, id", [party_id])
    return {"party": rows[0], "speakers": speakers, "quotes": quotes}


def statement_page(conn: sqlite3.Connection, statement_id: str) -> dict | None:
    """A statement and every occurrence of it, oldest first, undated last."""
    rows = _rows(conn, "select * from statements where id = ?", [statement_id])
    if not rows:
        return None
    occurrences = _rows(conn, "select * from quote_records where statement_id = ? order by date is null, date, source, id", [statement_id])
    return {"statement": rows[0], "occurrences": occurrences}


def mark_words(text: str, words) -> Markup:
    """``text`` HTML-escaped, with each of ``words`` (as found in its normalised form) marked."""
    import re

    html = str(escape(text))
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        pattern = r"\W+".join(re.escape(part) for part in word.split())
        html = re.sub(rf"(?i)(?<![\w>])({pattern})(?![\w<])", r"<mark>\1</mark>", html)
    return Markup(html)


def _side(conn: sqlite3.Connection, statement_id: str) -> dict:
    rows = _rows(conn, """
        select r.* from quote_records r where r.statement_id = ?
        order by r.is_fragment, length(r.quote) desc, r.id limit 1
    """, [statement_id])
    return rows[0] if rows else {}


def conflicts_page(conn: sqlite3.Connection, min_score: float) -> list[dict]:
    """Suggested (score >= min_score), hand-flagged and misattribution conflicts with both sides."""
    import json

    conflicts = _rows(conn, """
        select s.*, c.signals from conflict_suggestions s join conflicts c on c.id = s.id
        where s.score >= ? or s.origin = 'manual' or s.kind = 'misattribution'
        order by s.score desc, s.id
    """, [min_score])
    for c in conflicts:
        triggers = [w for signal in json.loads(c.pop("signals") or "[]") for w in signal["words_a"] + signal["words_b"]]
        c["a"], c["b"] = _side(conn, c["statement_a"]), _side(conn, c["statement_b"])
        c["a_html"] = mark_words(c["statement_a_text"], triggers)
        c["b_html"] = mark_words(c["statement_b_text"], triggers)
        c["reviews"] = _rows(conn, "select * from conflict_reviews where conflict_id = ? order by id", [c["id"]])
    return conflicts
