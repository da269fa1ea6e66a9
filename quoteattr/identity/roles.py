"""Roles as stored: the article's own words, never the parser's quote placeholders.

Attribution reads an article whose quotes are masked (``"Qxxxx," Babaria said``), so a role
phrase that runs over a quote ("that "Qxxxx" billionaire", or a paragraph ending in a quote
before "Republican vice presidential nominee") carries the placeholder. The stored role gets
the article's words back (same offsets, same length), and keeps only its last line.
"""
from __future__ import annotations

import re

import sqlite_utils

_PLACEHOLDER_RE = re.compile(r"Qx+")
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"


def _restored(role: str, text: str) -> str | None:
    """``role`` with each placeholder replaced by the words it masks in ``text``, when found."""
    pattern, pos = [], 0
    for m in _PLACEHOLDER_RE.finditer(role):
        pattern.append(re.escape(role[pos:m.start()]))
        pattern.append(f"(.{{{len(m.group())}}})")
        pos = m.end()
    pattern.append(re.escape(role[pos:]))
    found = re.search("".join(pattern), text, re.DOTALL)
    return found.group() if found else None


def clean_role(role: str | None, text: str | None = None) -> str | None:
    """The role without placeholders. A role that starts with a quote (the parse ran from the
    quote into the words after it) keeps the words after it; a quote inside a role ("that
    "Qxxxx" billionaire") gets the article's words back from ``text``, else is dropped. A role
    never spans paragraphs: only its last line stays."""
    if not role or not _PLACEHOLDER_RE.search(role):
        return role
    leading = re.compile(rf"^[\s{_QUOTE_MARKS}]*Qx+[\s{_QUOTE_MARKS}.,;:!?\u2026]*")
    while (m := leading.match(role)) and m.end() < len(role):
        role = role[m.end():]
    if leading.match(role):
        return None
    if _PLACEHOLDER_RE.search(role):
        restored = _restored(role, text) if text else None
        if restored is None:
            restored = _PLACEHOLDER_RE.sub(" ", role)
            restored = re.sub(rf"[{_QUOTE_MARKS}]\s*[.,;:!?\u2026]*\s*[{_QUOTE_MARKS}]", " ", restored)
        role = restored
    lines = [line.strip() for line in role.splitlines() if line.strip()]
    last = _PLACEHOLDER_RE.sub(" ", lines[-1]) if lines else ""
    last = re.sub(r"\s+", " ", last.strip(" ," + _QUOTE_MARKS)).strip()
    return last or None


def clean_stored_roles(db: sqlite_utils.Database) -> int:
    """Clean the roles a database stored before roles were cleaned; returns how many changed."""
    rows = db.execute("""select q.id, q.role, a.text from quotes q join articles a on a.id = q.article_id
                         where q.role like '%Qxx%'""").fetchall()
    changed = [(clean_role(role, text), quote) for quote, role, text in rows]
    if changed:
        db.conn.executemany("update quotes set role = ? where id = ?", changed)
    db.execute("update speakers set role = null where role like '%Qxx%'")
    return len(changed)
