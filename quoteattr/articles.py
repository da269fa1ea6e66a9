"""Read articles from text, HTML, JSON Lines and CSV files, folders of them, or standard input.

Each input yields either an :class:`Article` or a :class:`ReadError` naming the file and
the problem, so one bad file never stops a run. Inputs are streamed: a JSON Lines or CSV
file is read row by row, a folder file by file.

An article's identity is where it came from: its http(s) URL, else its place (a file's
path; a JSON Lines or CSV row's file and ``id`` field or line number), else a hash of its
text. The hash of the text is kept beside it, so a changed article is recognised as the
same article with new content, and the same text from two places is two articles.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import html as html_lib
import io
import json
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Union
from urllib.parse import urlsplit

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
STDIN = "-"
FUTURE_TOLERANCE = dt.timedelta(days=1)  # time zones: "tomorrow" may already be today somewhere

# Seeds put "date YYYY-MM-DD" before the first words of the article on the same line.
_INLINE_DATE_RE = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*")
_HEADER_RE = re.compile(r"\A(title|url|date|source)\s*:\s*(.*)\Z", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Article:
    id: str  # identity: a hash of the URL, else of the place it was read from, else of the text
    source: str  # the outlet (a source field or header, the site name) or the file it came from
    title: str | None
    url: str | None
    date: str | None  # ISO date, None when the article does not say
    text: str
    origin: str | None = None  # the file (and row) read, None for standard input or library use
    content_hash: str = ""
    date_source: str | None = None  # where the date was read: header, field, html
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ReadError:
    source: str
    problem: str

    def __str__(self) -> str:
        return f"error: {self.source}: {self.problem}"


ReadResult = Union[Article, ReadError]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id(text: str) -> str:
    """The id an article read from nowhere in particular gets: a hash of its text."""
    return content_hash(text)[:16]


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address with a host; anything else is never a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def identity(url: str | None, origin: str | None, text: str) -> str:
    """The article id: its web address, else where it was read, else its text."""
    link = web_url(url)
    if link:
        parts = urlsplit(link)
        key = "url:" + parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower(), fragment="").geturl()
    elif origin:
        key = "origin:" + origin
    else:
        return article_id(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


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


def checked_date(value, today: dt.date | None = None) -> tuple[str | None, str | None]:
    """The date and a warning: an unreadable or future date is kept out (NULL), with the reason."""
    try:
        date = parse_date(value)
    except ValueError as exc:
        return None, f"{exc}; article kept without a date"
    today = today or dt.date.today()
    if date and dt.date.fromisoformat(date) > today + FUTURE_TOLERANCE:
        return None, f"date {date} is in the future; article kept without a date"
    return date, None


def make_article(text: str, source: str, title=None, url=None, date=None, origin: str | None = None,
                 date_source: str | None = None) -> Article:
    date, warning = checked_date(date)
    return Article(
        id=identity(url, origin, text),
        source=source,
        title=(title or None),
        url=(url or None),
        date=date,
        text=text,
        origin=origin,
        content_hash=content_hash(text),
        date_source=date_source if date else None,
        warnings=(warning,) if warning else (),
    )


# Markup in text input: tags of HTML are turned into plain text before anything reads it.
_HTML_TAGS = ("a|abbr|article|aside|b|blockquote|body|br|caption|cite|code|dd|div|dl|dt|em|figcaption|figure|"
              "font|footer|h[1-6]|head|header|hr|html|i|iframe|img|li|link|main|mark|meta|nav|noscript|ol|p|pre|"
              "q|s|script|section|small|span|strong|style|sub|sup|table|tbody|td|th|thead|time|title|tr|u|ul")
_TAG_RE = re.compile(rf"</?(?:{_HTML_TAGS})\b[^<>]*>", re.IGNORECASE)
_DROPPED_RE = re.compile(r"<(script|style|noscript|iframe|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_INLINE_RE = re.compile(r"</?(?:b|strong|i|em|u|span|font|small|mark|abbr|cite|time|sub|sup)\b[^<>]*>", re.IGNORECASE)
_BLOCK_RE = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote|tr|article|section|header|footer|ul|ol|table|hr|pre|dd|dt)\b[^<>]*>",
                       re.IGNORECASE)


def has_markup(text: str) -> bool:
    return _TAG_RE.search(text) is not None


def markup_to_text(text: str) -> str:
    """Plain text of text that carries HTML tags: blocks become lines, tags go, entities are decoded."""
    text = _DROPPED_RE.sub(" ", text)
    text = _BLOCK_RE.sub("\n", text)
    text = _TAG_RE.sub("", text)
    text = html_lib.unescape(text).replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def plain(text: str) -> str:
    return markup_to_text(text) if has_markup(text) else text


def parse_text_article(raw: str, source: str, origin: str | None = None) -> Article:
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
    text = plain("\n".join(lines).strip("\n"))
    if not text.strip():
        raise ValueError("no article text")
    title = plain(fields["title"]) if fields.get("title") else None
    return make_article(text, fields.get("source") or source, title, fields.get("url"), fields.get("date"),
                        origin=origin, date_source="header")


def html_article(html: str, source: str, origin: str | None = None, fields: dict | None = None) -> Article:
    """A saved web page read with trafilatura: main text, title, date, URL, site name as source.

    Fields given beside the page (a header, a JSON Lines or CSV field) win over what the page says.
    """
    import trafilatura

    fields = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    html = _INLINE_RE.sub("", html)  # a name in <b> must not become a line of its own on a short page
    page = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True, include_comments=False,
                                       include_tables=False,
                                       date_extraction_params={"extensive_search": False, "original_date": True})
    text = (page.text if page is not None else "") or ""
    if not text.strip():
        raise ValueError("no article text found in the HTML")
    date, date_source = fields.get("date"), "field" if fields.get("date") else None
    if not date and page.date:
        date, date_source = page.date, "html"
    return make_article(text.strip("\n"), fields.get("source") or page.sitename or source,
                        fields.get("title") or page.title, fields.get("url") or page.url, date,
                        origin=origin, date_source=date_source)


def _sniff(head: bytes) -> str | None:
    """The encoding a byte order mark announces, else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ValueError("empty file")
    encoding = _sniff(data[:4])
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ValueError(f"not {encoding.upper()} text despite its byte order mark (byte {exc.start}: {exc.reason})") from None
        return text.lstrip("\ufeff")
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes and no byte order mark), expected UTF-8 or UTF-16 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def _record_article(record: dict, where: str, origin: str) -> Article:
    if not isinstance(record, dict):
        raise ValueError("expected an object with a 'text' or 'html' field")
    if record.get("id") not in (None, ""):
        origin = f"{origin.rsplit(':', 1)[0]}#{record['id']}"
    text, page = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and isinstance(page, str) and page.strip():
        fields = {k: record.get(k) for k in ("title", "url", "date", "source")}
        return html_article(page, where, origin, fields)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing or empty 'text' field")
    title = record.get("title")
    return make_article(plain(text.strip("\n")), record.get("source") or where, plain(title) if isinstance(title, str) else title,
                        record.get("url"), record.get("date"), origin=origin, date_source="field")


def _jsonl_lines(stream: BinaryIO, head: bytes) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, problem) for each line, read one at a time."""
    encoding = _sniff(head)
    if encoding and encoding != "utf-8-sig":  # UTF-16/32 lines cannot be split as bytes
        for lineno, line in enumerate(io.TextIOWrapper(stream, encoding=encoding), 1):
            yield lineno, line.lstrip("\ufeff"), None
        return
    for lineno, raw in enumerate(stream, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield lineno, raw.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield lineno, None, f"not UTF-8 text (byte {exc.start}: {exc.reason})"


def _read_jsonl(stream: BinaryIO, head: bytes, name: str, origin: str) -> Iterator[ReadResult]:
    for lineno, line, problem in _jsonl_lines(stream, head):
        where = f"{name}:{lineno}"
        if problem:
            yield ReadError(where, problem)
            continue
        if not line.strip():
            continue
        try:
            yield _record_article(json.loads(line), where, f"{origin}:{lineno}")
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON ({exc.msg})")
        except ValueError as exc:
            yield ReadError(where, str(exc))


def _read_csv(stream: BinaryIO, head: bytes, name: str, origin: str) -> Iterator[ReadResult]:
    csv.field_size_limit(2**31 - 1)  # an article is a long cell
    text = io.TextIOWrapper(stream, encoding=_sniff(head) or "utf-8-sig", newline="")
    reader = csv.DictReader(text)
    try:
        if not reader.fieldnames or not ({"text", "html"} & set(reader.fieldnames)):
            yield ReadError(name, "CSV has no 'text' (or 'html') column")
            return
        for row in reader:
            where = f"{name}:{reader.line_num}"
            try:
                yield _record_article(row, where, f"{origin}:{reader.line_num}")
            except ValueError as exc:
                yield ReadError(where, str(exc))
    except UnicodeDecodeError as exc:
        yield ReadError(f"{name}:{reader.line_num + 1}", f"not UTF-8 text ({exc.reason}); rest of the file skipped")
    except csv.Error as exc:
        yield ReadError(f"{name}:{reader.line_num}", f"unreadable CSV ({exc}); rest of the file skipped")


def _read_document(raw: str, suffix: str, name: str, origin: str | None) -> Article:
    if suffix in HTML_SUFFIXES:
        return html_article(raw, name, origin)
    return parse_text_article(raw, name, origin)


def read_file(path: Path) -> Iterator[ReadResult]:
    suffix = path.suffix.lower()
    origin = str(path.resolve())
    try:
        if suffix in JSONL_SUFFIXES | CSV_SUFFIXES:
            with path.open("rb") as stream:
                head = stream.read(4)
                if not head.strip():
                    yield ReadError(str(path), "empty file")
                    return
                stream.seek(0)
                reader = _read_jsonl if suffix in JSONL_SUFFIXES else _read_csv
                yield from reader(stream, head, str(path), origin)
            return
        raw = _decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), getattr(exc, "strerror", None) or str(exc))
        return
    try:
        yield _read_document(raw, suffix, str(path), origin)
    except ValueError as exc:
        yield ReadError(str(path), str(exc))


def read_stdin(stream: BinaryIO | None = None) -> Iterator[ReadResult]:
    """Standard input: JSON Lines when its first character is ``{``, a web page when it opens a tag, else text."""
    stream = stream or sys.stdin.buffer
    name = "<stdin>"
    try:
        raw = _decode(stream.read())
    except ValueError as exc:
        yield ReadError(name, str(exc))
        return
    start = raw.lstrip()[:1]
    if start == "{":
        data = raw.encode("utf-8")
        yield from (replace(r, origin=None, id=identity(r.url, None, r.text)) if isinstance(r, Article) else r
                    for r in _read_jsonl(io.BytesIO(data), data[:4], name, name))
        return
    try:
        yield _read_document(raw, ".html" if start == "<" and has_markup(raw[:2000]) else ".txt", name, None)
    except ValueError as exc:
        yield ReadError(name, str(exc))


def read_articles(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Articles from files, folders (recursively, readable suffixes only, sorted) and ``-`` (stdin)."""
    for given in paths:
        if str(given) == STDIN:
            yield from read_stdin()
            continue
        path = Path(given)
        if path.is_dir():
            found = False
            for file in sorted(path.rglob("*")):
                if file.is_file() and file.suffix.lower() in READABLE_SUFFIXES and not file.name.startswith("."):
                    found = True
                    yield from read_file(file)
            if not found:
                yield ReadError(str(path), "folder holds no .txt, .html, .jsonl or .csv files")
        elif path.exists():
            yield from read_file(path)
        else:
            yield ReadError(str(path), "no such file or folder")
