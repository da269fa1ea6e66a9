"""The conflict review queue: one page of 50 conflicts, filtered and sorted in SQL, with counts.

Only the page's own conflicts are read in full (both sides, their reviews), so a page costs the
same with 300 or 30,000 candidates. Highlighting works on the characters each signal recorded
in the statement's text and escapes everything else, so it never touches markup.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urlencode

from markupsafe import Markup, escape

PAGE_SIZE = 50
REVIEW_STATES = ("unreviewed", "conflicting", "not conflicting", "different measure or context")
SORTS = {"score": "c.score desc, c.id", "newest": "coalesce(c.date, '') desc, c.score desc, c.id"}
FILTER_KEYS = ("kind", "speaker", "party", "from", "to", "review", "sort")


@dataclass(frozen=True)
class QueueQuery:
    kind: str = ""
    speaker: str = ""
    party: str = ""
    date_from: str = ""
    date_to: str = ""
    review: str = ""
    sort: str = "score"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "QueueQuery":
        get = lambda key: (args.get(key) or "").strip()  # noqa: E731
        try:
            page = max(1, int(get("page") or 1))
        except ValueError:
            page = 1
        return cls(get("kind"), get("speaker"), get("party"), get("from")[:10], get("to")[:10],
                   get("review") if get("review") in REVIEW_STATES else "",
                   get("sort") if get("sort") in SORTS else "score", page)

    def args(self, **changes) -> dict:
        values = {"kind": self.kind, "speaker": self.speaker, "party": self.party, "from": self.date_from,
                  "to": self.date_to, "review": self.review, "sort": self.sort, "page": self.page}
        values.update(changes)
        return {k: v for k, v in values.items() if v and not (k == "sort" and v == "score") and not (k == "page" and v == 1)}

    def url(self, **changes) -> str:
        query = urlencode(self.args(**changes))
        return "/-/conflicts" + (f"?{query}" if query else "")


@dataclass
class QueuePage:
    query: QueueQuery
    conflicts: list[dict]
    total: int
    pages: int
    by_review: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)


def mark_spans(text: str, spans) -> Markup:
    """``text`` escaped, with the characters of each (start, end) span marked; overlaps merged."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, int(s)), min(len(text), int(e))) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(str(escape(text[position:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def _where(query: QueueQuery, min_score: float, with_review: bool = True) -> tuple[str, list]:
    clauses = ["(c.score >= ? or c.origin = 'manual' or c.kind = 'misattribution')"]
    params: list = [min_score]
    if query.kind:
        clauses.append("c.kind = ?")
        params.append(query.kind)
    for column, value in (("speakers", query.speaker), ("parties", query.party)):
        if value:
            clauses.append(f"c.{column} like ? escape '\\'")
            params.append("%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if query.date_from:
        clauses.append("c.date >= ?")
        params.append(query.date_from)
    if query.date_to:
        clauses.append("c.date < ?")  # the whole last day: '2016-05-31T...' sorts before '2016-06-01'
        params.append(query.date_to + "\uffff")
    if with_review and query.review:
        if query.review == "unreviewed":
            clauses.append("c.verdict is null")
        else:
            clauses.append("c.verdict = ?")
            params.append(query.review)
    return " and ".join(clauses), params


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _side(conn: sqlite3.Connection, statement_id: str) -> dict:
    rows = _rows(conn, """
        select r.*, s.first_seen, s.last_seen, s.canonical_text from quote_records r
        join statements s on s.id = r.statement_id where r.statement_id = ?
        order by r.is_fragment, length(r.quote) desc, r.id limit 1
    """, [statement_id])
    if rows:
        return rows[0]
    rows = _rows(conn, "select first_seen, last_seen, canonical_text from statements where id = ?", [statement_id])
    return rows[0] if rows else {}


def queue_page(conn: sqlite3.Connection, query: QueueQuery, min_score: float) -> QueuePage:
    """The page ``query`` asks for, its counts by review state and kind under the other filters."""
    where, params = _where(query, min_score)
    total = conn.execute(f"select count(*) from conflicts c where {where}", params).fetchone()[0]
    pages = max(1, -(-total // PAGE_SIZE))
    query = QueueQuery(**{**query.__dict__, "page": min(query.page, pages)})
    # The page's ids first (through the queue index alone, however deep the page), then its rows.
    ids = [r[0] for r in conn.execute(f"select c.id from conflicts c where {where} order by {SORTS[query.sort]} limit ? offset ?",
                                      params + [PAGE_SIZE, (query.page - 1) * PAGE_SIZE])]
    rows = _rows(conn, f"""
        select c.id, c.kind, c.score, c.reason, c.days_apart, c.origin, c.verdict, c.date, c.signals,
               c.statement_a, c.statement_b
        from conflicts c where c.id in (select value from json_each(?)) order by {SORTS[query.sort]}
    """, [json.dumps(ids)])
    for c in rows:
        signals = json.loads(c.pop("signals") or "[]")
        c["a"], c["b"] = _side(conn, c["statement_a"]), _side(conn, c["statement_b"])
        for side, key in (("a", "spans_a"), ("b", "spans_b")):
            text = c[side].get("canonical_text") or ""
            c[f"{side}_html"] = mark_spans(text, [span for s in signals for span in s.get(key, [])])
        c["reviews"] = _rows(conn, "select * from conflict_reviews where conflict_id = ? order by id", [c["id"]])
    base_where, base_params = _where(query, min_score, with_review=False)
    by_review = {state: 0 for state in REVIEW_STATES}
    # Counted in the queue index's covering scan, then grouped ("+"): grouping through the
    # verdict or kind index instead reads every conflict's row.
    for verdict, n in conn.execute(f"select verdict, count(*) from conflicts c where {base_where} group by +c.verdict",
                                   base_params):
        by_review[verdict or "unreviewed"] = by_review.get(verdict or "unreviewed", 0) + n
    kind_where, kind_params = _where(QueueQuery(**{**query.__dict__, "kind": ""}), min_score)
    by_kind = dict(conn.execute(f"select kind, count(*) from conflicts c where {kind_where} group by +c.kind "
                                "order by c.kind", kind_params).fetchall())
    return QueuePage(query, rows, total, pages, by_review, by_kind, sorted(by_kind))
