"""What the Datasette pages need from the library: metadata, search, highlighting, page data.

Functions take a plain ``sqlite3`` connection so Datasette plugins can call them
from ``db.execute_fn`` and tests can call them directly.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from urllib.parse import parse_qsl, urlencode
from markupsafe import Markup, escape

from .articles import web_url

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


def metadata_text(db_path: str | Path, metadata_path: str | Path | None = None) -> str:
    """The metadata Datasette should read for ``db_path`` (whatever the file is called), as YAML."""
    name = Path(db_path).stem
    if name == METADATA_DATABASE:
        return Path(metadata_path or DEFAULT_METADATA).read_text(encoding="utf-8")
    return yaml.safe_dump(metadata_dict(name, metadata_path), sort_keys=False, allow_unicode=True)


def persistent_secret(db_path: str | Path) -> str:
    """The signing secret kept beside the database (FILE.secret, mode 600), created on first use.

    Datasette signs sign-in cookies with it: the same secret after a restart keeps reviewers signed in.
    """
    path = Path(f"{db_path}.secret")
    if path.exists():
        secret = path.read_text(encoding="utf-8").strip()
        if secret:
            return secret
    secret = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secret + "\n")
    return secret


def exec_datasette(args: list[str], metadata: str, env: dict) -> None:
    """Replace this process with ``datasette ARGS --metadata ...``: signals reach Datasette itself.

    The metadata is handed over in an anonymous in-memory file inherited by Datasette, so
    nothing is left on disk whatever way the server ends.
    """
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("quoteattr-metadata", 0)  # no MFD_CLOEXEC: Datasette inherits it
        os.write(fd, metadata.encode("utf-8"))
        os.lseek(fd, 0, os.SEEK_SET)
        where = f"/proc/self/fd/{fd}"
    else:  # no anonymous files here: the metadata is rewritten beside the database at each start
        where = f"{args[1]}.metadata.yml"
        Path(where).write_text(metadata, encoding="utf-8")
    command = [sys.executable, "-m", "datasette", *args, "--metadata", where]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, env)


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


SEARCH_ORDERS = {
    "relevance": "rank, q.id",
    "newest": "q.date is null, q.date desc, rank, q.id",
    "oldest": "q.date is null, q.date, rank, q.id",
}
PAGE_SIZE = 50


@dataclass(frozen=True)
class Search:
    """A search of quote text and speaker names, with an optional date range and an order."""

    query: str
    date_from: str | None = None
    date_to: str | None = None
    order: str = "relevance"

    def where(self) -> tuple[str, dict]:
        clauses, params = ["quotes_fts match :match"], {"match": fts_query(self.query)}
        if self.date_from:
            clauses.append("q.date >= :date_from")
            params["date_from"] = self.date_from
        if self.date_to:
            clauses.append("q.date <= :date_to")
            params["date_to"] = self.date_to
        return " and ".join(clauses), params

    @property
    def runnable(self) -> bool:
        return bool(fts_query(self.query))


def count_matches(conn: sqlite3.Connection, search: Search) -> int:
    """How many quotes match: the true number, whatever page is shown.

    Without a date range the full-text index alone answers (no quote row is read).
    """
    if not search.runnable:
        return 0
    where, params = search.where()
    if not _needs_quotes(search):
        return conn.execute("select count(*) from quotes_fts where quotes_fts match :match", params).fetchone()[0]
    return conn.execute(f"select count(*) from quotes_fts join quotes q on q.rowid = quotes_fts.rowid where {where}", params).fetchone()[0]


def _needs_quotes(search: Search) -> bool:
    """Whether the search filters or orders by a quote's date (else the full-text index suffices)."""
    return bool(search.date_from or search.date_to or search.order != "relevance")


def search_quotes(conn: sqlite3.Connection, query: str | Search, limit: int = PAGE_SIZE, offset: int = 0) -> list[dict]:
    """A page of quotes matching ``query`` in text or speaker name, in the search's order, highlighted.

    The page's rowids come first (from the full-text index alone when no date is involved);
    only those 50 quotes are joined to their articles and parties and highlighted.
    """
    search = query if isinstance(query, Search) else Search(query)
    if not search.runnable:
        return []
    where, params = search.where()
    if _needs_quotes(search):
        order = SEARCH_ORDERS.get(search.order, SEARCH_ORDERS["relevance"]).replace("rank", "quotes_fts.rank")
        sql = f"select q.rowid from quotes_fts join quotes q on q.rowid = quotes_fts.rowid where {where} order by {order}"
    else:
        sql = "select rowid from quotes_fts where quotes_fts match :match order by rank, rowid"
    rowids = [r[0] for r in conn.execute(f"{sql} limit {int(limit)} offset {int(offset)}", params)]
    if not rowids:
        return []
    marks = dict(conn.execute(f"""
        select rowid, highlight(quotes_fts, 0, char(1), char(2)) from quotes_fts
        where quotes_fts match :match and rowid in ({', '.join(str(int(i)) for i in rowids)})
    """, {"match": params["match"]}))
    rows = records(conn, rowids)
    for rowid, row in zip(rowids, rows):
        row["html"] = highlighted(marks.get(rowid, row["quote"]))
    return rows


def matching_ids(conn: sqlite3.Connection, search: Search) -> list[int]:
    """The rowids of every matching quote, in the search's order (for the CSV of all matches)."""
    if not search.runnable:
        return []
    where, params = search.where()
    order = SEARCH_ORDERS.get(search.order, SEARCH_ORDERS["relevance"]).replace("rank", "bm25(quotes_fts)")
    return [r[0] for r in conn.execute(
        f"select q.rowid from quotes_fts join quotes q on q.rowid = quotes_fts.rowid where {where} order by {order}", params)]


def records_by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> tuple[list[str], list[tuple]]:
    """Columns and rows of quote_records for these quote rowids, in the order given."""
    cursor = conn.execute(f"""
        select r.*, q.rowid as _rowid from quote_records r join quotes q on q.id = r.id
        where q.rowid in ({', '.join('?' * len(rowids))})
    """, rowids)
    columns = [c[0] for c in cursor.description][:-1]
    by_rowid = {row[-1]: row[:-1] for row in cursor.fetchall()}
    return columns, [by_rowid[i] for i in rowids if i in by_rowid]


def quote_record(conn: sqlite3.Connection, quote_id: str) -> dict | None:
    rows = _rows(conn, "select r.*, q.start, q.[end] from quote_records r join quotes q on q.id = r.id where r.id = ?", [quote_id])
    return rows[0] if rows else None


def article_paragraphs(conn: sqlite3.Connection, article_id: str, quote_id: str | None = None) -> tuple[dict | None, list[dict]]:
    """The article and its paragraphs; the paragraph holding ``quote_id`` has the quote marked."""
    rows = _rows(conn, "select * from articles where id = ?", [article_id])
    if not rows:
        return None, []
    article = rows[0]
    article["link"] = web_url(article.get("url"))  # javascript: and the like never become links
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


def speaker_page(conn: sqlite3.Connection, speaker_id: str, page: int = 1, size: int = PAGE_SIZE) -> dict | None:
    """A speaker: canonical name, aliases with counts, party history with its evidence, one page
    of the timeline (dated quotes in order, undated last), and what links to statements and
    conflicts and what the correction forms offer need."""
    rows = _rows(conn, """
        select s.*, p.name as party from speakers s left join parties p on p.id = s.party_id where s.id = ?
    """, [speaker_id])
    if not rows:
        return None
    speaker = rows[0]
    total = speaker.get("n_quotes") or conn.execute(
        "select count(*) from quotes where speaker_id = ?", [speaker_id]).fetchone()[0]
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    timeline = records(conn, timeline_rowids(conn, speaker_id, (page - 1) * size, size))
    has = set(_tables(conn))
    aliases = _rows(conn, "select alias, count from speaker_aliases where speaker_id = ? order by count desc, alias",
                    [speaker_id]) if "speaker_aliases" in has else []
    terms = _rows(conn, """select t.*, p.name as party from party_terms t left join parties p on p.id = t.party_id
        where t.speaker_id = ? order by t.valid_from is not null, t.valid_from, t.valid_to""",
                  [speaker_id]) if "party_terms" in has else []
    names = [r[0] for r in conn.execute(
        "select name from identity_keys where speaker_id = ? group by name order by sum(n_quotes) desc, name",
        [speaker_id])] if "identity_keys" in has else []
    corrections = _rows(conn, """select * from speaker_corrections
        where payload like ? order by id desc limit 20""", [f'%"{speaker_id}"%']) if "speaker_corrections" in has else []
    n_statements, n_conflicts = conn.execute(SPEAKER_COUNTS, [speaker_id]).fetchone()
    return {
        "speaker": speaker, "aliases": aliases, "terms": terms,
        "dated": [q for q in timeline if q["date"]], "undated": [q for q in timeline if not q["date"]],
        "page": page, "pages": pages, "page_size": size, "total": total,
        "first": (page - 1) * size + 1, "last": (page - 1) * size + len(timeline),
        "n_statements": n_statements, "n_conflicts": n_conflicts,
        "split_names": names if len(names) > 1 else [],
        "parties": _rows(conn, "select id, name from parties order by name"),
        "corrections": corrections,
    }


# The counts of the views speaker_statements and speaker_conflicts for one speaker, in one query
# from the speaker's distinct statements (idx_quotes_speaker_statement, read once) and the
# conflicts' statement indexes: the views themselves, filtered, read every conflict for every
# quote of the speaker (more than 600 s for 75,000 quotes and 23,000 conflicts).
SPEAKER_COUNTS = """
    with mine as (select distinct statement_id from quotes where speaker_id = ? and statement_id is not null)
    select (select count(*) from mine join statements s on s.id = mine.statement_id),
           (select count(*) from (select c.rowid from mine join conflicts c on c.statement_a = mine.statement_id
                                  union
                                  select c.rowid from mine join conflicts c on c.statement_b = mine.statement_id))
"""


def timeline_rowids(conn: sqlite3.Connection, speaker_id: str, offset: int, size: int) -> list[int]:
    """Rowids of a speaker's timeline from ``offset``: dated quotes by date, undated last, ties by
    the article's source, then id (the order of the view speaker_timeline's page).

    The dates of the page's first and last rows come from idx_quotes_speaker_date alone; only
    the quotes of those dates (the page and its ties) are joined to their articles and sorted.
    """
    where = "q.speaker_id = :speaker"
    n_dated = conn.execute(f"select count(*) from quotes q where {where} and q.date is not null",
                           {"speaker": speaker_id}).fetchone()[0]

    def date_at(position: int) -> str | None:  # None: the undated quotes, last
        if position >= n_dated:
            return None
        return conn.execute(f"select q.date from quotes q where {where} and q.date is not null order by q.date "
                            f"limit 1 offset {int(position)}", {"speaker": speaker_id}).fetchone()[0]

    low, high = date_at(offset), date_at(offset + size - 1)
    params = {"speaker": speaker_id, "low": low, "high": high}
    if low is None:
        before, span = n_dated, "q.date is null"
    else:
        before = conn.execute(f"select count(*) from quotes q where {where} and q.date < :low", params).fetchone()[0]
        span = "q.date >= :low" + (" or q.date is null" if high is None else " and q.date <= :high")
    return [r[0] for r in conn.execute(f"""
        select q.rowid from quotes q join articles a on a.id = q.article_id
        where {where} and ({span}) order by q.date is null, q.date, a.source, q.id
        limit {int(size)} offset {int(offset - before)}""", params)]


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")]


RECENT_QUOTES = 10_000  # a party's speakers are ranked by their share of its latest quotes


def party_page(conn: sqlite3.Connection, party_id: str, page: int = 1) -> dict | None:
    """A party, its speakers (how many; the 50 most quoted in its latest 10,000 quotes, that is in
    all of them for most parties), and one page of its quotes, newest first.

    Ranking a party's speakers over all its quotes reads every one of them (177,000 for the
    largest party at a million quotes); its latest 10,000 come in order from the page index.
    """
    rows = _rows(conn, "select * from parties where id = ?", [party_id])
    if not rows:
        return None
    recent = Counter(r[0] for r in conn.execute(
        f"select q.speaker_id from quotes q where q.party_id = ? order by {PARTY_ORDER} limit {RECENT_QUOTES}",
        [party_id]) if r[0])
    top = sorted(recent.items(), key=lambda c: (-c[1], c[0]))[:PAGE_SIZE]
    names = {r["id"]: r for r in _rows(
        conn, f"select id, name, role from speakers where id in ({', '.join('?' * len(top))})", [sid for sid, _ in top])}
    speakers = [{**names.get(sid, {"id": sid, "name": sid, "role": None}), "n_quotes": n} for sid, n in top]
    n_speakers = conn.execute("select count(*) from speakers where party_id = ?", [party_id]).fetchone()[0]
    quotes, paging = paged_quotes(conn, "q.party_id = :key", {"key": party_id}, PARTY_ORDER, page)
    return {"party": rows[0], "speakers": speakers, "n_speakers": n_speakers, "quotes": quotes, "paging": paging,
            "ranked_on": min(paging.total, RECENT_QUOTES)}


def statement_page(conn: sqlite3.Connection, statement_id: str, page: int = 1) -> dict | None:
    """A statement and one page of its occurrences, oldest first, undated last."""
    rows = _rows(conn, "select * from statements where id = ?", [statement_id])
    if not rows:
        return None
    occurrences, paging = paged_quotes(conn, "q.statement_id = :key", {"key": statement_id}, STATEMENT_ORDER, page)
    return {"statement": rows[0], "occurrences": occurrences, "paging": paging}


def article_quotes(conn: sqlite3.Connection, article_id: str, page: int = 1) -> tuple[list[dict], "Paging"]:
    """One page of an article's quotes, in the order they appear."""
    return paged_quotes(conn, "q.article_id = :key", {"key": article_id}, ARTICLE_ORDER, page)


# Orders the page indexes (schema.PAGE_INDEXES) serve without sorting: SQLite puts NULL
# dates first ascending and last descending, so "newest first" needs no "date is null" term.
PARTY_ORDER = "q.date desc, q.id desc"
STATEMENT_ORDER = "q.date is null, q.date, q.id"  # a statement's occurrences are few: sorted in memory
ARTICLE_ORDER = "q.start, q.id"


@dataclass(frozen=True)
class Paging:
    """Which page of a long list is shown: its number, the list's total, and the neighbours."""

    page: int
    total: int
    shown: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return (self.page - 1) * self.size + self.shown

    @property
    def previous(self) -> int | None:
        return min(self.page - 1, self.pages) if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def out_of_range(self) -> bool:
        return self.page > self.pages


def page_number(value: str | None) -> int:
    """The page a ``?page=`` value asks for: 1 for anything that is not a positive number."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def records(conn: sqlite3.Connection, rowids: list[int]) -> list[dict]:
    """quote_records rows (as dicts) for these quote rowids, in the order given."""
    if not rowids:
        return []
    columns, rows = records_by_rowid(conn, rowids)
    return [dict(zip(columns, row)) for row in rows]


def paged_quotes(conn: sqlite3.Connection, where: str, params: dict, order: str, page: int = 1,
                 size: int = PAGE_SIZE, total: int | None = None) -> tuple[list[dict], Paging]:
    """One page of the quotes matching ``where`` (over ``quotes q``) as quote_records, and its Paging.

    The rowids of the page come from the index alone (count and offset never touch a row);
    only the page's own rows are joined to their articles and parties.
    """
    if total is None:
        total = conn.execute(f"select count(*) from quotes q where {where}", params).fetchone()[0]
    rowids = [r[0] for r in conn.execute(
        f"select q.rowid from quotes q where {where} order by {order} limit {int(size)} offset {(page - 1) * int(size)}",
        params)]
    rows = records(conn, rowids)
    return rows, Paging(page, total, len(rows), size)


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
