"""Find direct quotes in article text with a regex scan: no NLP, never raises.

Handles straight and curly double marks, ``''doubled single''`` marks (NYT), curly single
marks used as the main quote marks (common in Indian outlets), mixed closers (``“...''``),
guillemets, quotes nested inside another family (left as text), multi-paragraph quotes (a
paragraph that opens a quote without closing it continues in the next paragraph that opens
with a quote mark, or that closes it before opening another), transcripts inside one pair of
marks (``"MR. HALE: ... MS. ORTIZ: ..."`` is one quote per speaker), and markup (tags and their
attributes are never quotes). An unbalanced mark is dropped at the end of its paragraph, so it
never swallows the rest of the article.

Each quote gets a first ``kind`` from its shape and place: ``title`` (a Title Case name inside
the writer's sentence: a show, a book, a film), ``term`` (``so-called "..."``, slogans, numbers),
``fragment`` (a few quoted words inside the writer's sentence) or ``speech``. Attribution may
turn an unattributed short fragment into a ``term``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# Two-character marks first, so a doubled single quote is one mark, not two apostrophes.
_MARK_RE = re.compile(r"''|\u2019\u2019|\u2018\u2018|``|[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019']")
_FAMILY = {'"': "double", "\u201c": "double", "\u201d": "double", "\u201e": "double", "''": "double",
           "\u2019\u2019": "double", "\u2018\u2018": "double", "``": "double",
           "\u00ab": "guillemet", "\u00bb": "guillemet", "\u2018": "single", "\u2019": "single",
           "'": "straight-single"}
_OPEN_ONLY = {"\u201c", "\u201e", "\u00ab", "\u2018\u2018", "``", "\u2018"}
_CLOSE_ONLY = {"\u201d", "\u00bb", "\u2019\u2019", "\u2019"}
_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]{0,2000}>")
_TRAILING_PUNCT = ",;:"
_SENTENCE_END = ".!?"

# Words before an embedded Title Case quote that make it the name of a work or programme.
_TITLE_CUES = frozenset("""
book books film films movie movies show shows series program programme column op-ed article essay
headline headlined song album memoir novel documentary sitcom segment episode titled entitled
podcast play poem magazine newsletter report speech ad advert advertisement spot video tweet hashtag
on in of from
""".split())
# Words right before a Title Case quote that make it a name whatever follows (show "The Apprentice,"
# said ...).
_WORK_NOUNS = frozenset("""
show shows series program programme book film movie column magazine newspaper podcast documentary
album song novel memoir sitcom titled entitled host anchor on
""".split())
# Words that make the quoted words a label rather than anybody's speech.
_TERM_CUES = re.compile(
    r"\b(?:so[- ]called|slogans?|chants?(?:ed|ing)?|mottos?|hashtags?|banners?|placards?|signs?|"
    r"catch-?phrases?|nicknames?|t-shirts?|hats?)\W*$", re.IGNORECASE)
_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for with by from as vs via is".split())
# A transcript's speaker label: "MR. HALE:", "SEN. ORTIZ:", "TRUMP:", "Q:" at the start of a turn.
_LABEL_RE = re.compile(
    r"(?:(?<=^)|(?<=[.?!\u2026]\s)|(?<=[.?!\u2026]\s\s))"
    r"((?:(?:MR|MRS|MS|DR|SEN|REP|GOV|GEN|PRES|REV)\.?\s+)?[A-Z][A-Z'\u2019-]+(?:\s+[A-Z][A-Z'\u2019-]+){0,2}):\s")


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
    label: str | None = None  # a transcript's speaker label ("MR. HALE") inside the marks

    @property
    def attributable(self) -> bool:
        """Only quotations of someone's words get a speaker."""
        return self.kind in ("speech", "fragment")

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    @property
    def masked(self) -> bool:
        """The parser sees this quote as one placeholder word: speech, and fragments long enough
        to be parsed as sentences of their own (short ones are part of the writer's grammar)."""
        return self.kind == "speech" or (self.kind == "fragment" and self.n_words >= 5)


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


def blank_markup(text: str) -> str:
    """``text`` with every tag (``<tweet id="...">``) blanked to spaces: offsets are kept."""
    return _TAG_RE.sub(lambda m: " " * len(m.group()), text) if "<" in text else text


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _char(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else " "


def _looks_opening(text: str, m: _Mark) -> bool:
    before, after = _char(text, m.pos - 1), _char(text, m.end)
    return (before.isspace() or before in "([{\u2014\u2013-/\"\u201c\u2018") and not after.isspace()


def _looks_closing(text: str, m: _Mark) -> bool:
    before, after = _char(text, m.pos - 1), _char(text, m.end)
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _is_apostrophe(text: str, m: _Mark) -> bool:
    """A single curly mark inside or at the edge of a word: don’t, ’80s, rock ‘n’ roll."""
    if m.family != "single":
        return False
    before, after = _char(text, m.pos - 1), _char(text, m.end)
    if before.isalnum() and after.isalnum():
        return True
    return m.mark == "\u2019" and before.isspace()


def _can_open(text: str, m: _Mark) -> bool:
    if m.family == "single":  # mostly apostrophes: only a clear opening position opens
        return m.mark == "\u2018" and _looks_opening(text, m) and not _is_apostrophe(text, m)
    if m.family == "straight-single":
        # Nearly always an apostrophe: a quote only where speech starts ("said, 'The PM ...")
        before = text[:m.pos].rstrip()
        return (_char(text, m.pos - 1).isspace() or m.pos == 0 or before.endswith("\n")) \
            and _char(text, m.end).isupper() and (not before or before[-1] in ",:(\u2014.?!\n")
    if m.mark in _OPEN_ONLY:
        return True
    if m.mark in _CLOSE_ONLY:
        return False
    return _looks_opening(text, m) or not _looks_closing(text, m)


def _can_close(text: str, opener: _Mark, m: _Mark) -> bool:
    if m.family != opener.family:
        return False
    if m.mark in _OPEN_ONLY:  # a typo'd closer: “abhorrent“ with a space after it
        return m.mark == "\u201c" and _looks_closing(text, m) and not _looks_opening(text, m)
    if m.family in ("single", "straight-single"):
        before, after = _char(text, m.pos - 1), _char(text, m.end)
        return not (before.isalnum() and after.isalnum()) and _looks_closing(text, m)
    if m.mark in _CLOSE_ONLY:
        return True
    return _looks_closing(text, m) or not _looks_opening(text, m)


def _possessive_like(text: str, m: _Mark) -> bool:
    """``Sanders’ win``: a closing single mark that may be a plural possessive."""
    return m.mark == "\u2019" and _char(text, m.pos - 1) in "sS" and _char(text, m.end) == " " \
        and _char(text, m.end + 1).isalpha()


def _opens_paragraph(text: str, para: tuple[int, int], family: str) -> _Mark | None:
    stripped = text[para[0]:para[1]]
    offset = para[0] + len(stripped) - len(stripped.lstrip())
    match = _MARK_RE.match(text, offset)
    if match and _FAMILY[match.group()] == family and match.group() not in _CLOSE_ONLY:
        return _Mark(match.start(), match.group())
    return None


def _closes_in_paragraph(text: str, para: tuple[int, int], opener: _Mark) -> bool:
    """The paragraph's first mark of the family closes a quote: it continues one left open."""
    for match in _MARK_RE.finditer(text, para[0], para[1]):
        mark = _Mark(match.start(), match.group())
        if mark.family != opener.family or _is_apostrophe(text, mark):
            continue
        return _can_close(text, opener, mark) and not _looks_opening(text, mark)
    return False


def _in_headline(text: str, pos: int) -> bool:
    """``pos`` is in a headline: a short first paragraph of an article that goes on."""
    first_end = text.find("\n")
    return 0 <= pos < first_end and len(text[:first_end].split()) <= 25 and bool(text[first_end:].strip())


def _inside_a_sentence(text: str, opener: _Mark, para_start: int) -> bool:
    """The mark opens in the middle of the writer's sentence: after a word, not after a sentence
    end, a comma, a colon or a dash."""
    before = text[para_start:opener.pos].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END + ",:;\u2014\u2013-" and not _MARK_RE.search(before[-2:])


def _embedded(text: str, opener: _Mark, closer: _Mark, para_start: int) -> bool:
    """Quoted words inside the writer's own sentence (not a sentence or clause of their own).

    A quote that opens a sentence, follows a colon or comma (``said, "..."``), or ends its own
    clause inside the marks (``"...,"``) is a full quote.
    """
    before = text[para_start:opener.pos].rstrip()
    if not before or before[-1] in _SENTENCE_END + ",:\u2014" or _MARK_RE.search(before[-2:]):
        return False
    inside = text[opener.end:closer.pos].strip()
    if inside[:1].islower():  # 'was "dead on arrival."': American style keeps the period inside
        return True
    return not (inside and inside[-1] in _SENTENCE_END + ",")


def _title_case(words: str) -> bool:
    tokens = [t for t in re.findall(r"[A-Za-z][\w'\u2019-]*", words)]
    if not tokens or not tokens[0][0].isupper():
        return False
    return all(t[0].isupper() or t.lower() in _SMALL_WORDS for t in tokens)


def _speech_follows(text: str, pos: int) -> bool:
    """The words after a quote attribute it: ``"Yes," he said``, ``"No," says Ann``,
    ``"Go," Donald Trump told them`` (the first word that is not a name, a pronoun or an article
    is a verb of speech)."""
    for word in re.findall(r"[A-Za-z][\w'\u2019.-]*", text[pos:pos + 80])[:6]:
        if word[0].isupper() or word.lower() in ("he", "she", "they", "we", "i", "it", "the", "a", "an"):
            continue
        return _cue_form(word.lower().strip(".'\u2019-"))
    return False


def _cue_form(word: str) -> bool:
    from .lexicon import cue_lemmas  # the quote scan needs it only for short Title Case quotes

    lemmas = cue_lemmas()
    if word in lemmas or word in _IRREGULAR_CUES:
        return True
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and (word[: -len(suffix)] in lemmas or word[: -len(suffix)] + "e" in lemmas):
            return True
    return False


_IRREGULAR_CUES = frozenset("said told wrote spoke told says tells writes told".split())


def _first_kind(text: str, opener: _Mark, closer: _Mark, words: str, embedded: bool, para_start: int) -> str:
    before = text[para_start:opener.pos]
    if not re.search(r"[^\W\d_]", words):  # numbers and dates only
        return "term"
    if _TERM_CUES.search(before[-40:]):
        return "term"
    n_words = len(words.split())
    if not embedded and n_words <= 6 and _title_case(words) and words.rstrip(".!?,")[-1:].isalnum():
        # ''Billions,'' on Showtime / NBC's "Today," / "Daily Show" host: a name inside the
        # writer's sentence, unless the words after it attribute it ("Yes," he said).
        sentence = re.split(r"[.!?]\s", before)[-1]
        previous = re.findall(r"[\w'\u2019-]+", sentence[-60:])
        after = text[closer.end:closer.end + 30]
        named_work = bool(previous) and before.endswith(" ") and (
            previous[-1].lower() in _WORK_NOUNS or previous[-1].lower().endswith(("'s", "\u2019s")))
        if named_work or ((previous or re.match(r"\s*[a-z]", after)) and not _speech_follows(text, closer.end)):
            return "title"
    if embedded and _title_case(words) and n_words <= 12:
        previous = re.findall(r"[\w'\u2019-]+", before[-60:])
        if not words.rstrip(".,").count(" ") and words[:1].isupper() and not previous:
            return "title"
        return "title" if (not previous or previous[-1].lower() in _TITLE_CUES or previous[-1][:1].isupper()
                           or previous[-1].lower().endswith(("'s", "\u2019s"))) else "term"
    return "fragment" if embedded else "speech"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCT):
        end -= 1
    return start, end


def _next_closer(text: str, opener: _Mark, start: int, end: int) -> _Mark | None:
    """The closing mark for ``opener`` in ``start..end``: the first that can close it, except that
    a possessive-looking ``s’`` gives way to a later single closer in the same paragraph."""
    pending: _Mark | None = None
    for match in _MARK_RE.finditer(text, start, end):
        mark = _Mark(match.start(), match.group())
        if mark.family != opener.family:
            continue
        if _can_close(text, opener, mark):
            if opener.family == "single" and _possessive_like(text, mark):
                pending = pending or mark
                continue
            return mark
        if opener.family == "single" and mark.mark == "\u2018" and _can_open(text, mark):
            break  # a new single quote opens: the possessive-looking mark closed ours
    return pending


def find_quotes(text: str) -> list[Quote]:
    """Every direct quote in ``text``, in order of appearance."""
    scan = blank_markup(text)
    quotes: list[Quote] = []
    paragraphs = _paragraphs(scan)
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        pos = para[0]
        while True:
            opener = _first_opener(scan, pos, para[1])
            if opener is None:
                break
            found = _close(scan, paragraphs, index, opener)
            if found is None:  # unbalanced: drop the mark, keep scanning after it
                pos = opener.end
                continue
            closer, segments, last_index = found
            quote = _make_quote(text, scan, opener, closer, segments, para[0])
            if quote:
                quotes.extend(_split_transcript(quote))
            if last_index != index:
                index, para = last_index, paragraphs[last_index]
            pos = closer.end
        index += 1
    return _join_split_quotes(scan, quotes)


def _first_opener(scan: str, start: int, end: int) -> _Mark | None:
    for match in _MARK_RE.finditer(scan, start, end):
        mark = _Mark(match.start(), match.group())
        if _can_open(scan, mark):
            return mark
    return None


def _close(scan, paragraphs, index, opener):
    """The closer of ``opener`` and the quote's segments, following it across paragraphs."""
    segments, seg_start, para = [], opener.end, paragraphs[index]
    while True:
        closer = _next_closer(scan, opener, seg_start, para[1])
        if closer is not None:
            # Two openers in a row in one paragraph: the first was stray.
            reopen = _stray_opener(scan, opener, seg_start, closer.pos)
            if reopen is not None and not segments:
                return _close(scan, paragraphs, index, reopen)
            segments.append((seg_start, closer.pos))
            return closer, segments, index
        nxt = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        if nxt is None or (not segments and _inside_a_sentence(scan, opener, paragraphs[index][0])):
            # A quote runs over paragraphs only when it starts as speech of its own; one opened
            # inside the writer's sentence ('He said "this never closes.') is an unbalanced mark,
            # and gluing it to the next quote would give that quote the wrong words and speaker.
            return None
        reopen = _opens_paragraph(scan, nxt, opener.family)
        if reopen is not None:
            segments.append((seg_start, para[1]))
            seg_start = reopen.end
        elif _closes_in_paragraph(scan, nxt, opener):
            segments.append((seg_start, para[1]))
            seg_start = nxt[0]
        else:
            return None
        index, para = index + 1, nxt


def _stray_opener(scan: str, opener: _Mark, start: int, end: int) -> _Mark | None:
    last = None
    for match in _MARK_RE.finditer(scan, start, end):
        mark = _Mark(match.start(), match.group())
        if mark.family == opener.family and mark.mark in _OPEN_ONLY and mark.family != "single" \
                and _looks_opening(scan, mark) and not _looks_closing(scan, mark):
            last = mark
    return last


def _split_transcript(quote: Quote) -> list[Quote]:
    """``"MR. HALE: We agree. MS. ORTIZ: We do not."``: one quote per labelled turn."""
    labels = list(_LABEL_RE.finditer(quote.text))
    if not labels or len(quote.segments) != 1 or (len(labels) == 1 and labels[0].start() > 0):
        return [quote]
    base = quote.start
    pieces, bounds = [], [m.start() for m in labels] + [len(quote.text)]
    if labels[0].start() > 0:
        pieces.append((None, 0, labels[0].start()))
    for m, end in zip(labels, bounds[1:]):
        pieces.append((m.group(1), m.end(), end))
    out = []
    for label, lo, hi in pieces:
        words = quote.text[lo:hi]
        lo += len(words) - len(words.lstrip())
        words = words.strip()
        if not words:
            continue
        out.append(replace(quote, start=base + lo, end=base + lo + len(words), text=words,
                           segments=((base + lo, base + lo + len(words)),), label=label,
                           is_fragment=False, kind="speech"))
    return out or [quote]


# '"A," he said, "B."': a short attribution clause between commas, inside one sentence.
_SPLIT_CUE_RE = re.compile(r"\s*[\w'\u2019.()-]+(?:\s+[\w'\u2019.()-]+){0,7}\s*,\s*$")


def _join_split_quotes(text: str, quotes: list[Quote]) -> list[Quote]:
    joined: list[Quote] = []
    for quote in quotes:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.kind == "speech" and quote.kind == "speech"
            and prev.label is None and quote.label is None
            and text[prev.open_mark + 1:prev.close_mark].rstrip("\"'\u201d\u2019 ").endswith(",")
            and "\n" not in text[prev.close_mark:quote.open_mark]
            and _SPLIT_CUE_RE.fullmatch(text, prev.close_mark, quote.open_mark)
        ):
            joined[-1] = replace(prev, end=quote.end, text=prev.text + " " + quote.text,
                                 close_mark=quote.close_mark, segments=prev.segments + quote.segments)
        else:
            joined.append(quote)
    return joined


def _make_quote(text, scan, opener: _Mark, closer: _Mark, segments, para_start) -> Quote | None:
    trimmed = [_trim(text, s, e) for s, e in segments]
    trimmed = [(s, e) for s, e in trimmed if e > s]
    if not trimmed:
        return None
    words = "\n".join(text[s:e] for s, e in trimmed)
    if not any(ch.isalnum() for ch in words):
        return None
    if opener.family == "straight-single" and (len(words.split()) < 3 or _in_headline(text, opener.pos)):
        # 'n' and 'em are apostrophes; a headline's 'Quote' repeats the body's quote
        return None
    embedded = len(trimmed) == 1 and _embedded(scan, opener, closer, para_start)
    kind = _first_kind(scan, opener, closer, words, embedded, para_start)
    return Quote(
        start=trimmed[0][0],
        end=trimmed[-1][1],
        text=words,
        is_fragment=embedded,
        open_mark=opener.pos,
        close_mark=closer.end,
        segments=tuple(trimmed),
        kind=kind,
    )


# "CHENNAI:", "Bengaluru:", "LONDON (Reuters) -", "Lucknow, Nov 5" opening a paragraph.
_DATELINE_RE = re.compile(
    r"(?:[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+){0,2}|[A-Z]{2,}(?:[ -][A-Z]{2,}){0,2})"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s+\([A-Za-z .]+\))?\s*(?::|\u2014|\u2013|--?)\s+")


def blank_datelines(text: str, paragraphs: int = 3) -> str:
    """``Hyderabad: Minister X said ...``: a dateline opening one of the first paragraphs is
    blanked (offsets kept), so the parser never takes the place for the sentence's subject.
    A Title Case remainder is a headline (``Trey Gowdy: Benghazi Probe Helped``), kept."""
    chars, pos, seen = None, 0, 0
    for line in text.split("\n"):
        if line.strip():
            seen += 1
            match = _DATELINE_RE.match(line)
            rest = line[match.end():] if match else ""
            words = re.findall(r"[A-Za-z]+", rest)
            if match and len(words) >= 6 and sum(w[0].isupper() for w in words) < len(words) / 2:
                chars = chars or list(text)
                chars[pos:pos + match.end()] = " " * match.end()
            if seen >= paragraphs:
                break
        pos += len(line) + 1
    return "".join(chars) if chars else text


def attribution_text(text: str, quotes: list[Quote]) -> str:
    """The masked prefix of ``text`` attribution reads: up to the paragraph after the last quote.

    Speakers are named before or beside their quotes (or in a credit line just after), so the
    rest is never read.
    """
    if not quotes:
        return ""
    end = text.find("\n", quotes[-1].close_mark)
    while 0 <= end < len(text) and text[end] == "\n":
        end += 1
    if end >= 0:
        end = text.find("\n", end)
    # A no-break space inside a name ("James\u00a0Comey") is a space to the tokenizer too.
    return blank_datelines(mask_quotes(text[:end] if end >= 0 else text, quotes)).replace("\u00a0", " ")


def mask_quotes(text: str, quotes: list[Quote]) -> str:
    """Markup blanked, and each full quote's words replaced by one placeholder of the same length.

    The parser then sees ``"Qxxxx," Babaria said.``: offsets are unchanged, the quoted words
    cost nothing to tag, and a quote is never split into sentences. Short fragments stay as
    words because they are part of the writer's sentence; so do titles and terms.
    """
    chars = list(blank_markup(text))
    for quote in quotes:
        if not quote.masked or quote.open_mark >= len(chars):
            continue
        # A mark glued to a word ('said,"Look' or 'democracy."Uddhav') would glue the
        # placeholder to it in the parse: the parser sees a space there instead.
        if quote.open_mark > 0 and not text[quote.open_mark - 1].isspace():
            chars[quote.open_mark] = " "
        if quote.close_mark < len(chars) and text[quote.close_mark].isalnum():
            chars[quote.close_mark - 1] = " "
        for start, end in quote.segments:
            end = min(end, len(chars))
            while end > start and text[end - 1] in _SENTENCE_END:
                end -= 1
            if end > start:
                chars[start:end] = "Q" + "x" * (end - start - 1)
    return "".join(chars)
