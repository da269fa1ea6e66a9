"""A whole table or view as CSV in one pass: what Datasette's ``_stream=on`` gives, but linear.

Datasette streams a view by re-running it with a growing OFFSET, so each page of 1,000 rows
first steps over every row before it: a million-row view takes quadratic time. Here the rows
come from one query on one read-only connection (one consistent snapshot), with the same
columns, order (a table by its primary key, a view as it comes) and ``column=value``
filters as Datasette's CSV, formula cells neutralised as they are written.
"""
from __future__ import annotations

import csv
import re
import sqlite3
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import parse_qsl

from .csvsafe import FORMULA_STARTS, is_formula

# Query arguments that change nothing in a full CSV stream; any other "_" argument (sort,
# search, facets, labels, ...) leaves the request to Datasette.
NEUTRAL_ARGS = frozenset({"_stream", "_size", "_dl", "_nofacet", "_nocount"})
_PATH_RE = re.compile(r"/([A-Za-z0-9_-]+)/([A-Za-z0-9_-]+)\.csv")
_STARTS = frozenset(FORMULA_STARTS) | {" "}


@dataclass(frozen=True)
class StreamRequest:
    database: str
    table: str
    filters: tuple[tuple[str, str], ...]
    download: bool


def parse_request(path: str, query_string: str) -> StreamRequest | None:
    """The full-stream CSV a request asks for, or None when Datasette should answer it."""
    match = _PATH_RE.fullmatch(path)
    if not match:
        return None
    args = parse_qsl(query_string, keep_blank_values=True)
    if not any(key == "_stream" and value for key, value in args):
        return None
    filters = []
    for key, value in args:
        if key in NEUTRAL_ARGS:
            continue
        column = key[:-len("__exact")] if key.endswith("__exact") else key
        if column.startswith("_") or "__" in column:
            return None
        filters.append((column, value))
    return StreamRequest(match[1], match[2], tuple(filters), any(k == "_dl" and v for k, v in args))


def stream_query(conn: sqlite3.Connection, request: StreamRequest) -> tuple[str, list] | None:
    """The SQL and parameters of the stream; None for what only Datasette can serve
    (no such table or column, a table without a primary key: Datasette adds its rowid)."""
    kinds = dict(conn.execute("select name, type from sqlite_master where type in ('table', 'view')"))
    kind = kinds.get(request.table)
    if kind is None:
        return None
    info = conn.execute(f"pragma table_info([{request.table}])").fetchall()
    columns = {row[1] for row in info}
    primary_keys = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
    if (kind == "table" and not primary_keys) or any(c not in columns for c, _ in request.filters):
        return None
    where = " and ".join(f"[{column}] = ?" for column, _ in request.filters)
    order = ", ".join(f"[{pk}]" for pk in primary_keys) if kind == "table" else ""
    sql = (f"select * from [{request.table}]" + (f" where {where}" if where else "")
           + (f" order by {order}" if order else ""))
    return sql, [value for _, value in request.filters]


def _safe(value):
    if value.__class__ is str and value[:1] in _STARTS and is_formula(value):
        return "'" + value
    if value.__class__ is bytes:
        return value.hex()
    return value


class _Lines(list):
    """A file for csv.writer that keeps the lines it is given (cheaper than a StringIO)."""

    def write(self, text: str) -> None:
        self.append(text)


def csv_chunks(conn: sqlite3.Connection, sql: str, params: list, rows: int = 2000) -> Iterator[str]:
    """The CSV text of a query, header first, ``rows`` rows at a time."""
    cursor = conn.execute(sql, params)
    lines = _Lines()
    writer = csv.writer(lines)
    writer.writerow([c[0] for c in cursor.description])
    while True:
        batch = cursor.fetchmany(rows)
        if not batch:
            break
        writer.writerows([[_safe(v) for v in row] for row in batch])
        yield "".join(lines)
        lines.clear()
    if lines:
        yield "".join(lines)
