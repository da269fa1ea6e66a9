"""Find direct quotes in article text with a regex scan: no NLP, never raises.

Handles straight, curly and ``''doubled single''`` quote marks, single quotes
nested inside double quotes (left as text), multi-paragraph quotes (a paragraph
that opens a quote without closing it continues in the next paragraph that
opens with a quote mark), and marks fragments embedded in reported speech.
An unbalanced mark is dropped at the end of its paragraph, so it never
swallows the rest of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# "''" is listed first so a doubled single quote is one mark, not two apostrophes.
_MARK_RE = re.compile(r"''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_FAMILY = {'"': "double", "\u201c": "double", "\u201d": "double", "\u201e": "double",
           "\u00ab": "guillemet", "\u00bb": "guillemet", "''": "single2"}
_OPEN_ONLY = {"\u201c", "\u201e", "\u00ab"}
_CLOSE_ONLY = {"\u201d", "\u00bb"}
_TRAILING_PUNCT = ",;:"
_SENTENCE_END = ".!?"


@dataclass(frozen=True)
class Quote:
    """A direct quote: ``start``/``end`` are offsets of its words in the article text."""

    start: int
    end: int
    text: str
    is_fragment: bool
    open_mark: int  # offset of the opening quote mark
    close_mark: int  # offset just past the closing quote mark
    segments: tuple[tuple[int, int], ...] = field(default=())  # one per paragraph
    kind: str = "speech"  # speech, fragment, term (scare quotes, slogans), title (a work's name)

    @property
    def attributable(self) -> bool:
        """Only quotations of someone's words get a speaker."""
        return self.kind in ("speech", "fragment")


@dataclass
class _Mark:
    pos: int
    mark: str

    @property
    def end(self) -> int:
        return self.pos + len(self.mark)

    @property
    def family(self) -> str:
        return _FAMILY[self.mark]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _looks_opening(text: str, m: _Mark) -> bool:
    before = text[m.pos - 1] if m.pos > 0 else " "
    after = text[m.end] if m.end < len(text) else " "
    return (before.isspace() or before in "([{\u2014-/") and not after.isspace()


def _looks_closing(text: str, m: _Mark) -> bool:
    before = text[m.pos - 1] if m.pos > 0 else " "
    after = text[m.end] if m.end < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _can_open(text: str, m: _Mark) -> bool:
    if m.mark in _OPEN_ONLY:
        return True
    if m.mark in _CLOSE_ONLY:
        return False
    return _looks_opening(text, m) or not _looks_closing(text, m)


def _can_close(text: str, opener: _Mark, m: _Mark) -> bool:
    if m.family != opener.family or m.mark in _OPEN_ONLY:
        return False
    if m.mark in _CLOSE_ONLY:
        return True
    return _looks_closing(text, m) or not _looks_opening(text, m)


def _opens_paragraph(text: str, para: tuple[int, int], family: str) -> _Mark | None:
    stripped = text[para[0]:para[1]]
    offset = para[0] + len(stripped) - len(stripped.lstrip())
    match = _MARK_RE.match(text, offset)
    if match and _FAMILY[match.group()] == family and match.group() not in _CLOSE_ONLY:
        return _Mark(match.start(), match.group())
    return None


def _is_fragment(text: str, opener: _Mark, closer: _Mark, para_start: int) -> bool:
    """A fragment is quoted words embedded in the writer's own sentence.

    A quote that opens a sentence, follows a colon or comma (``said, "..."``), or
    ends its own clause inside the marks (``"...,"``) is a full quote.
    """
    before = text[para_start:opener.pos].rstrip()
    if not before or before[-1] in _SENTENCE_END + ",:\u2014" or _MARK_RE.search(before[-2:]):
        return False
    inside = text[opener.end:closer.pos].strip()
    if inside[:1].islower():  # 'was "dead on arrival."': American style keeps the period inside
        return True
    return not (inside and inside[-1] in _SENTENCE_END + ",")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCT):
        end -= 1
    return start, end


def find_quotes(text: str) -> list[Quote]:
    """Every direct quote in ``text``, in order of appearance."""
    quotes: list[Quote] = []
    paragraphs = _paragraphs(text)
    opener: _Mark | None = None
    segments: list[tuple[int, int]] = []
    first_para_start = 0
    for index, para in enumerate(paragraphs):
        seg_start = None
        if opener is not None:  # continuing a multi-paragraph quote
            reopen = _opens_paragraph(text, para, opener.family)
            seg_start = reopen.end
        for match in _MARK_RE.finditer(text, seg_start or para[0], para[1]):
            mark = _Mark(match.start(), match.group())
            if opener is None:
                if _can_open(text, mark):
                    opener, segments, seg_start, first_para_start = mark, [], mark.end, para[0]
            elif _can_close(text, opener, mark):
                segments.append((seg_start, mark.pos))
                quote = _make_quote(text, opener, mark, segments, first_para_start)
                if quote:
                    quotes.append(quote)
                opener, segments = None, []
            elif mark.family == opener.family and _can_open(text, mark) and not _looks_closing(text, mark):
                # Two openers in a row: the first was stray.
                opener, segments, seg_start, first_para_start = mark, [], mark.end, para[0]
        if opener is not None:
            nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            if nxt and _opens_paragraph(text, nxt, opener.family):
                segments.append((seg_start, para[1]))
            else:
                opener, segments = None, []  # unbalanced: drop it, keep scanning
    return _join_split_quotes(text, quotes)


# '"A," he said, "B."': a short attribution clause between commas, inside one sentence.
_SPLIT_CUE_RE = re.compile(r"\s*[\w'\u2019.()-]+(?:\s+[\w'\u2019.()-]+){0,7}\s*,\s*$")


def _join_split_quotes(text: str, quotes: list[Quote]) -> list[Quote]:
    joined: list[Quote] = []
    for quote in quotes:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and not prev.is_fragment
            and not quote.is_fragment
            and text[prev.open_mark + 1:prev.close_mark].rstrip("\"'\u201d ").endswith(",")
            and "\n" not in text[prev.close_mark:quote.open_mark]
            and _SPLIT_CUE_RE.fullmatch(text, prev.close_mark, quote.open_mark)
        ):
            joined[-1] = Quote(
                start=prev.start,
                end=quote.end,
                text=prev.text + " " + quote.text,
                is_fragment=False,
                open_mark=prev.open_mark,
                close_mark=quote.close_mark,
                segments=prev.segments + quote.segments,
            )
        else:
            joined.append(quote)
    return joined


def _make_quote(text, opener: _Mark, closer: _Mark, segments, para_start) -> Quote | None:
    trimmed = [_trim(text, s, e) for s, e in segments]
    trimmed = [(s, e) for s, e in trimmed if e > s]
    if not trimmed:
        return None
    words = "\n".join(text[s:e] for s, e in trimmed)
    if not any(ch.isalnum() for ch in words):
        return None
    start, end = trimmed[0][0], trimmed[-1][1]
    fragment = len(trimmed) == 1 and _is_fragment(text, opener, closer, para_start)
    return Quote(
        start=start,
        end=end,
        text=words,
        is_fragment=fragment,
        open_mark=opener.pos,
        close_mark=closer.end,
        segments=tuple(trimmed),
        kind="fragment" if fragment else "speech",
    )


def attribution_text(text: str, quotes: list[Quote]) -> str:
    """The masked prefix of ``text`` attribution reads: up to the paragraph after the last quote.

    Speakers are named before or beside their quotes, so the rest is never read.
    """
    if not quotes:
        return ""
    end = text.find("\n", quotes[-1].close_mark)
    while 0 <= end < len(text) and text[end] == "\n":
        end += 1
    if end >= 0:
        end = text.find("\n", end)
    return mask_quotes(text[:end] if end >= 0 else text, quotes)


def mask_quotes(text: str, quotes: list[Quote]) -> str:
    """Replace each full quote's words with one placeholder token of the same length.

    The parser then sees ``"Qxxxx," Babaria said.``: offsets are unchanged, the
    quoted words cost nothing to tag, and a quote is never split into sentences.
    Fragments stay as words because they are part of the writer's sentence.
    """
    chars = list(text)
    for quote in quotes:
        if quote.is_fragment:
            continue
        for start, end in quote.segments:
            while end > start and text[end - 1] in _SENTENCE_END:
                end -= 1
            if end > start:
                chars[start:end] = "Q" + "x" * (end - start - 1)
    return "".join(chars)
