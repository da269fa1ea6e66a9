"""Export a table or view as CSV or JSON Lines, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import json
from typing import IO

import sqlite_utils

from .csvsafe import FORMULA_STARTS as FORMULA_PREFIXES, neutralise  # noqa: F401  (re-exported)


def exportable(db: sqlite_utils.Database) -> list[str]:
    hidden = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")
    return [t for t in db.table_names() if not t.endswith(hidden)] + db.view_names()


def export(db: sqlite_utils.Database, name: str, fmt: str, out: IO[str]) -> int:
    if name not in exportable(db):
        raise ValueError(f"no table or view {name!r}; choose from: {', '.join(exportable(db))}")
    cursor = db.execute(f"select * from [{name}]")
    columns = [c[0] for c in cursor.description]
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in cursor:
            writer.writerow([neutralise(v) for v in row])
            count += 1
    else:
        for row in cursor:
            out.write(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n")
            count += 1
    return count
