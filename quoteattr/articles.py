"""Read articles from text, JSON Lines and CSV files, or folders of them.

Each input yields either an :class:`Article` or a :class:`ReadError` naming the
file and the problem, so one bad file never stops a run.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Union

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
READABLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES

# Seeds put "date YYYY-MM-DD" before the first words of the article on the same line.
_INLINE_DATE_RE = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*")
_HEADER_RE = re.compile(r"\A(title|url|date|source)\s*:\s*(.*)\Z", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    title: str | None
    url: str | None
    date: str | None  # ISO date, None when the article does not say
    text: str
    path: str | None = None  # the file (and line or row) it was read from


@dataclass(frozen=True)
class ReadError:
    source: str
    problem: str

    def __str__(self) -> str:
        return f"error: {self.source}: {self.problem}"


ReadResult = Union[Article, ReadError]


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_date(value) -> str | None:
    """An ISO ``YYYY-MM-DD`` date, or None when ``value`` is empty; ValueError if unreadable."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r} (expected YYYY-MM-DD)")


def make_article(text: str, source: str, title=None, url=None, date=None, path=None) -> Article:
    return Article(
        path=path,
        id=article_id(text),
        source=source,
        title=(title or None),
        url=(url or None),
        date=parse_date(date),
        text=text,
    )


def parse_text_article(raw: str, source: str) -> Article:
    """A plain-text article with optional ``date YYYY-MM-DD`` or ``key: value`` header lines."""
    fields: dict[str, str] = {}
    inline = _INLINE_DATE_RE.match(raw)
    if inline:
        fields["date"] = inline.group(1)
        raw = raw[inline.end():]
    lines = raw.split("\n")
    while lines:
        header = _HEADER_RE.match(lines[0].strip())
        if not header or header.group(1).lower() in fields:
            break
        fields[header.group(1).lower()] = header.group(2).strip()
        lines.pop(0)
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise ValueError("no article text")
    return make_article(text, fields.get("source") or source, fields.get("title"), fields.get("url"),
                        fields.get("date"), path=source)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def _record_article(record: dict, where: str) -> Article:
    if not isinstance(record, dict):
        raise ValueError("expected an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text' field")
    return make_article(text.strip("\n"), record.get("source") or where, record.get("title"), record.get("url"),
                        record.get("date"), path=where)


def _read_jsonl(path: Path, raw: str) -> Iterator[ReadResult]:
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            yield _record_article(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON ({exc.msg})")
        except ValueError as exc:
            yield ReadError(where, str(exc))


def _read_csv(path: Path, raw: str) -> Iterator[ReadResult]:
    reader = csv.DictReader(io.StringIO(raw))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        yield ReadError(str(path), "CSV has no 'text' column")
        return
    for rowno, row in enumerate(reader, 2):
        where = f"{path}:{rowno}"
        try:
            yield _record_article(row, where)
        except ValueError as exc:
            yield ReadError(where, str(exc))


def read_file(path: Path) -> Iterator[ReadResult]:
    try:
        raw = _decode(path)
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), getattr(exc, "strerror", None) or str(exc))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, raw)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(path, raw)
    else:
        try:
            yield parse_text_article(raw, str(path))
        except ValueError as exc:
            yield ReadError(str(path), str(exc))


def read_articles(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Articles from files and folders (recursively, readable suffixes only), in sorted order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES and not p.name.startswith("."))
            if not files:
                yield ReadError(str(path), "folder holds no .txt, .jsonl or .csv files")
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield ReadError(str(path), "no such file or folder")
