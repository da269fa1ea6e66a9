"""Group repeated statements across articles with rapidfuzz, in near-linear time.

Three steps: quotes with the same normalised text share a statement at once; other
pairs are proposed only when they share a pair of their rarest words (variants) or,
for one speaker, a rare run of three words (an excerpt of a longer quote); rapidfuzz
then scores the proposed pairs. Near-identical variants join on ``ratio``; a fragment
joins a longer quote of the same speaker on ``partial_ratio``. A negation or number
guard keeps "we will raise taxes" apart from "we will not raise taxes", and "40 seats"
apart from "10 seats", whatever the scores say.

Labels are not statements: a title, a term or slogan, or any text of three words or
fewer joins only the same text of the same (known) speaker, so `Today`, `top secret` or
`Morning Joe` quoted by two people stay two statements.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from typing import Iterator, Sequence

from rapidfuzz import fuzz

NEGATIONS = frozenset("""
not no never nor neither nobody nothing none nowhere cannot without
wont dont doesnt didnt isnt arent wasnt werent cant couldnt shouldnt wouldnt hasnt havent hadnt
mustnt neednt aint
""".split())
NUMBER_WORDS = frozenset("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million billion trillion lakh lakhs crore crores half dozen
""".split())
STOPWORDS = frozenset("""
a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those we you he she they i our your their his her them us me my will would shall
should can could may might must do does did have has had not no so than then there here all any
""".split())
LABEL_KINDS = frozenset({"term", "title"})
LABEL_WORDS = 3  # a text of this many words or fewer is a label, never merged across speakers
SHARED_WORDS = 6  # shorter texts are common phrases ("the numbers don't add up"): one speaker's only

_APOSTROPHE_RE = re.compile(r"(?<=\w)['\u2019](?=\w)")
_POSSESSIVE_RE = re.compile(r"(?<=\w)['\u2019]s?(?!\w)")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DECIMAL_RE = re.compile(r"(?<=\d)\.(?=\d)")
_DIGIT_LETTER_RE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_NON_WORD_RE = re.compile(r"[^\w]+")
_FILLER = frozenset("again over just also very really even still more much well yes oh".split())


@dataclass(frozen=True)
class DedupeOptions:
    """Thresholds (0-100, rapidfuzz scale) and blocking limits."""

    ratio: float = 90.0  # near-identical variants
    partial_ratio: float = 95.0  # a fragment inside a longer quote of the same speaker
    min_fragment_words: int = 4  # shorter fragments (labels) never join by containment
    rare_tokens: int = 6  # each quote is blocked under every pair of its rarest words
    max_block: int = 200  # a pair shared by more quotes than this is too common to block on
    shingles: int = 3  # an excerpt is looked up by this many of its rarest three-word runs
    min_overlap: float = 0.5  # two excerpts of one speech overlap on this share of the shorter...
    min_overlap_words: int = 6  # ... and on this many words at least
    unattributed_excerpt_words: int = 8  # an excerpt nobody is named for joins its speaker's quote from this length


@dataclass(frozen=True)
class QuoteText:
    id: str
    text: str
    speaker: str | None = None
    kind: str = "speech"
    article: str | None = None


@functools.lru_cache(maxsize=1 << 16)  # conflict scoring reads each statement many times
def normalise(text: str) -> str:
    """Case, quote marks, apostrophes, punctuation and spacing folded away; numbers kept whole.

    ``2.6million``, ``2.6 million`` and ``2,600`` / ``2600`` read the same: thousands commas go,
    a decimal point becomes ``_`` (one word with its digits), digits and letters are split. A
    possessive goes whichever way it is written (``ISIS's``, ``ISIS'``).
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = _POSSESSIVE_RE.sub("", text)
    text = _APOSTROPHE_RE.sub("", text)
    text = _THOUSANDS_RE.sub("", text)
    text = _DECIMAL_RE.sub("_", text)
    text = _DIGIT_LETTER_RE.sub(" ", text.replace("%", " percent "))
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def is_label(kind: str | None, normalised: str) -> bool:
    """A title, a term or a text of three words or fewer: a label, not a statement."""
    return kind in LABEL_KINDS or len(normalised.split()) <= LABEL_WORDS


def guard_features(words: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Negations and numbers: two texts that differ here never merge."""
    negations = tuple(sorted(w for w in words if w in NEGATIONS))
    numbers = tuple(sorted(w for w in words if w in NUMBER_WORDS or w[:1].isdigit()))
    return negations, numbers


def _window_words(longer: str, start: int, end: int) -> list[str]:
    """The whole words of ``longer`` that the characters start..end touch."""
    while start > 0 and longer[start - 1] != " ":
        start -= 1
    while end < len(longer) and longer[end] != " ":
        end += 1
    return longer[start:end].split()


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def is_variant(a: str, b: str, options: DedupeOptions = DedupeOptions()) -> bool:
    """Two normalised texts are wordings of one statement: same text, or near-identical and guarded."""
    if a == b:
        return True
    # ratio <= 200 * shorter / (sum of lengths): skip pairs whose lengths alone rule it out.
    if 200 * min(len(a), len(b)) < options.ratio * (len(a) + len(b)):
        return False
    return fuzz.ratio(a, b, score_cutoff=options.ratio) >= options.ratio and guard_features(a.split()) == guard_features(b.split())


def is_fragment_of(short: str, long_: str, options: DedupeOptions = DedupeOptions()) -> bool:
    """``short`` is quoted in part from ``long_``, and the part says the same (negations, numbers)."""
    if len(short.split()) < options.min_fragment_words or len(short) >= len(long_):
        return False
    if f" {short} " in f" {long_} ":
        start = long_.find(short)
        window = _window_words(long_, start, start + len(short))
    else:
        alignment = fuzz.partial_ratio_alignment(short, long_, score_cutoff=options.partial_ratio)
        if alignment is None:
            return False
        window = _window_words(long_, alignment.dest_start, alignment.dest_end)
    return guard_features(short.split()) == guard_features(window)


def overlaps(a: str, b: str, options: DedupeOptions = DedupeOptions(), slack: int = 1) -> bool:
    """Two excerpts of one longer quote: one ends with the words the other starts with, on most of the
    shorter ("Well, to be candid, I'm just not ready to do that at this point" / "I'm just not ready
    to do that at this point. I'm not there right now"). A line shared in the middle of two quotes
    (a slogan) is no overlap."""
    wa, wb = a.split(), b.split()
    shorter = min(len(wa), len(wb))
    if shorter < options.min_overlap_words:
        return False
    match = SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    if match.size < max(options.min_overlap_words, options.min_overlap * shorter):
        return False
    a_start, a_end = match.a <= slack, len(wa) - (match.a + match.size) <= slack
    b_start, b_end = match.b <= slack, len(wb) - (match.b + match.size) <= slack
    return (a_end and b_start) or (b_end and a_start)


def is_elided_excerpt(short: str, long_: str, options: DedupeOptions = DedupeOptions()) -> bool:
    """``short`` is ``long_`` quoted with words left out or put in ("what is going on" / "what the
    [censored] is going on"): nine words in ten of it in at most three runs of three words or more,
    a few words put in, and no negation or number among the words only one of them has."""
    ws, wl = short.split(), long_.split()
    if len(ws) < options.min_overlap_words or len(ws) > len(wl):
        return False
    blocks = [b for b in SequenceMatcher(None, ws, wl, autojunk=False).get_matching_blocks() if b.size]
    if sum(b.size for b in blocks) < 0.9 * len(ws) or len(blocks) > 3 or min(b.size for b in blocks) < 3:
        return False  # a few long runs, not words picked here and there
    span_start, span_end = blocks[0].b, blocks[-1].b + blocks[-1].size
    if span_end - span_start - sum(b.size for b in blocks) > max(6, len(ws) // 2):
        return False
    matched_short = {b.a + k for b in blocks for k in range(b.size)}
    matched_long = {b.b + k for b in blocks for k in range(b.size)}
    extra = [ws[k] for k in range(len(ws)) if k not in matched_short]
    extra += [wl[k] for k in range(span_start, span_end) if k not in matched_long]
    return guard_features(extra) == ((), ())


def same_statement(a: str, b: str, speaker_a, speaker_b, options: DedupeOptions = DedupeOptions(),
                   kind_a: str = "speech", kind_b: str = "speech") -> bool:
    """Whether two normalised texts are the same statement (the pair rule, unblocked)."""
    same_speaker = bool(speaker_a) and speaker_a == speaker_b
    if is_label(kind_a, a) or is_label(kind_b, b):
        if a == b:
            return same_speaker
    elif is_variant(a, b, options):
        other_speakers = bool(speaker_a and speaker_b) and not same_speaker
        return not (other_speakers and min(len(a.split()), len(b.split())) < SHARED_WORDS)
    short, long_ = sorted((a, b), key=len)
    if (not same_speaker or is_label(kind_a if short == a else kind_b, short) or LABEL_KINDS & {kind_a, kind_b}
            or not says_something(short)):
        return False
    return is_fragment_of(short, long_, options) or is_elided_excerpt(short, long_, options) or overlaps(short, long_, options)


def _text_key(norm: str, quote: QuoteText, index: int) -> str:
    """Quotes with the same key share a statement at once: a label only with its own speaker's (a
    one-word answer only in its own article), a common phrase only with its speaker's."""
    if not is_label(quote.kind, norm):
        if quote.speaker and len(norm.split()) < SHARED_WORDS:
            return f"{norm}\x00{quote.speaker}"
        return norm
    if quote.speaker:
        if quote.kind == "speech":  # "Absolutely" on two days is two answers; a term or title is one
            return f"{norm}\x00{quote.speaker}\x00{quote.article}"
        return f"{norm}\x00{quote.speaker}"
    return f"{norm}\x00#{index}"  # nobody's label joins nothing


def says_something(norm: str) -> bool:
    """Two content words at least: "over and over again" is no excerpt of anybody's quote."""
    return sum(1 for w in norm.split() if w not in STOPWORDS and w not in _FILLER and not w.isdigit()) >= 2


def group(quotes: Sequence[QuoteText], options: DedupeOptions = DedupeOptions(),
          existing: Sequence[str | None] | None = None) -> list[int]:
    """A group number per quote (the index of the group's first quote).

    With ``existing`` (each quote's stored statement id, None for a new quote) the stored
    groups are kept as they are and only pairs involving a new text are compared: the
    incremental run after an ingest. Without it, every pair in a block is compared.
    """
    n = len(quotes)
    norms = [normalise(q.text) for q in quotes]
    keys = [_text_key(norms[i], q, i) for i, q in enumerate(quotes)]
    uf = _UnionFind(n)

    if existing is not None:
        first_of_statement: dict[str, int] = {}
        for i, sid in enumerate(existing):
            if sid is not None:
                uf.union(i, first_of_statement.setdefault(sid, i))
    first_by_key: dict[str, int] = {}
    old_keys: set[str] = set()
    for i, key in enumerate(keys):
        j = first_by_key.setdefault(key, i)
        if j != i:
            uf.union(i, j)
        if existing is not None and existing[i] is not None:
            old_keys.add(key)
    # A common phrase twice in one article (a headline in capitals, a repeat) is one quote, whoever
    # the extractor gave each to.
    first_in_article: dict[tuple, int] = {}
    for i, q in enumerate(quotes):
        if q.article and not is_label(q.kind, norms[i]) and len(norms[i].split()) < SHARED_WORDS:
            uf.union(i, first_in_article.setdefault((norms[i], q.article), i))
        elif q.article and q.speaker and is_label(q.kind, norms[i]):  # a label and its echo in one article
            uf.union(i, first_in_article.setdefault((norms[i], q.article, q.speaker), i))
    reps = list(first_by_key.values())
    # Speakers of every quote of a text: a fragment joins a text any of whose quotes is by its speaker.
    speakers_of: dict[int, set] = defaultdict(set)
    for i, key in enumerate(keys):
        if quotes[i].speaker:
            speakers_of[first_by_key[key]].add(quotes[i].speaker)
    labels = {i for i in reps if is_label(quotes[i].kind, norms[i])}
    # A text already stored has been compared with everything stored: only new texts are compared now.
    active = None if existing is None else {i for i in reps if keys[i] not in old_keys}
    if active is not None and not active:
        return [uf.find(i) for i in range(n)]
    lengths = [len(t) for t in norms]
    fragment_links: dict[int, set[int]] = defaultdict(set)
    stored_size: dict[int, int] = defaultdict(int)
    if existing is not None:
        for i in range(n):
            if existing[i] is not None:
                stored_size[uf.find(i)] += 1

    def consider(i: int, j: int) -> None:
        if uf.find(i) == uf.find(j):
            return
        # ratio <= 200 * shorter / (sum of lengths): lengths alone rule most candidates out.
        common = min(len(norms[i].split()), len(norms[j].split())) < SHARED_WORDS
        other_speakers = speakers_of[i] and speakers_of[j] and speakers_of[i].isdisjoint(speakers_of[j])
        if (i not in labels and j not in labels and not (common and other_speakers)
                and 200 * min(lengths[i], lengths[j]) >= options.ratio * (lengths[i] + lengths[j])
                and is_variant(norms[i], norms[j], options)):
            uf.union(i, j)
        else:
            short, long_ = sorted((i, j), key=lambda k: len(norms[k]))
            if short in labels or quotes[long_].kind in LABEL_KINDS or not says_something(norms[short]):
                return
            if speakers_of[short].isdisjoint(speakers_of[long_]):
                # Nobody's excerpt of somebody's quote: the article quoted the words without saying who.
                if speakers_of[short] or not speakers_of[long_] or len(norms[short].split()) < options.unattributed_excerpt_words:
                    return
                if is_fragment_of(norms[short], norms[long_], options) or is_elided_excerpt(norms[short], norms[long_], options):
                    fragment_links[short].add(long_)
                return
            # A stored fragment already grouped with others stays where it is.
            if active is not None and short not in active and stored_size[uf.find(short)] > 1:
                return
            if (is_fragment_of(norms[short], norms[long_], options) or is_elided_excerpt(norms[short], norms[long_], options)
                    or overlaps(norms[short], norms[long_], options)):
                fragment_links[short].add(long_)

    def wanted(a: int, b: int) -> bool:
        return active is None or a in active or b in active

    statements = [i for i in reps if i not in labels]
    for members in _blocks(statements, norms, options):
        members = members.tolist()
        if active is not None and active.isdisjoint(members):
            continue
        for a, b in combinations(members, 2):
            if wanted(a, b):
                consider(a, b)
    for short, long_ in _containment_candidates(reps, norms, quotes, speakers_of, options, active):
        consider(short, long_)

    # A fragment never bridges two statements: it joins the largest one it is quoted from.
    sizes: dict[int, int] = defaultdict(int)
    for i in range(n):
        sizes[uf.find(i)] += 1
    for short in sorted(fragment_links, key=lambda k: -len(norms[k])):
        targets = {uf.find(j) for j in fragment_links[short]} - {uf.find(short)}
        if targets:
            best = max(targets, key=lambda g: (sizes[g], -g))
            size = sizes[uf.find(short)] + sizes[best]
            uf.union(short, best)
            sizes[uf.find(short)] = size
    return [uf.find(i) for i in range(n)]


def _blocks(reps: list[int], norms: list[str], options: DedupeOptions) -> Iterator["np.ndarray"]:
    """Groups of quotes sharing a pair of their rarest words.

    A pair of rare words co-occurs almost only within one statement, so blocks stay
    small however large the corpus grows. A one-word change keeps at least
    ``rare_tokens - 1`` of the rarest words, so variants always share a pair.
    """
    import numpy as np

    words_of = {i: {w for w in norms[i].split() if w not in STOPWORDS} or set(norms[i].split()) for i in reps}
    frequency = Counter(w for words in words_of.values() for w in words)
    word_ids = {w: k for k, w in enumerate(frequency)}
    width = len(word_ids) + 1
    keys, owners = [], []
    for i in reps:
        rarest = sorted(words_of[i], key=lambda w: (frequency[w], w))[: options.rare_tokens]
        ids = sorted(word_ids[w] for w in rarest)
        for a, b in combinations(ids, 2):
            keys.append(a * width + b)
            owners.append(i)
        if len(ids) == 1:
            keys.append(ids[0] * width + ids[0])
            owners.append(i)
    keys_array, owners_array = np.array(keys, dtype=np.int64), np.array(owners, dtype=np.int64)
    order = np.argsort(keys_array, kind="stable")
    keys_array, owners_array = keys_array[order], owners_array[order]
    starts = np.flatnonzero(np.r_[True, keys_array[1:] != keys_array[:-1]])
    ends = np.r_[starts[1:], len(keys_array)]
    for start, end in zip(starts, ends):
        if 1 < end - start <= options.max_block:
            yield owners_array[start:end]


def _shingles(norm: str) -> set[tuple[str, ...]]:
    words = norm.split()
    return {tuple(words[k:k + 3]) for k in range(len(words) - 2)}


def _containment_candidates(reps: list[int], norms: list[str], quotes: Sequence[QuoteText],
                            speakers_of: dict[int, set], options: DedupeOptions,
                            active: set[int] | None) -> Iterator[tuple[int, int]]:
    """(excerpt, longer quote) pairs of one speaker (or an excerpt nobody is named for and anybody's
    quote) sharing one of the excerpt's rarest word runs.

    An excerpt shares every three-word run with the quote it comes from, however short it is and
    however long that quote: it is looked up, within its speaker's quotes, by its rarest runs, so
    a common run ("we are going") costs nothing when a rare one is there.
    """
    index: dict[tuple, list[int]] = defaultdict(list)
    runs = {}
    anybody = "\x00anybody"  # the key of every attributed quote, for the excerpts nobody is named for
    for i in reps:
        if quotes[i].kind in LABEL_KINDS or len(norms[i].split()) < 3:
            continue
        if speakers_of[i]:
            runs[i] = _shingles(norms[i])
            for speaker in (*speakers_of[i], anybody):
                for run in runs[i]:
                    index[(speaker, run)].append(i)
        elif len(norms[i].split()) >= options.unattributed_excerpt_words:
            runs[i] = _shingles(norms[i])
    for i, own in runs.items():
        if len(norms[i].split()) < options.min_fragment_words:
            continue
        for speaker in speakers_of[i] or (anybody,):
            keys = sorted(((speaker, run) for run in own), key=lambda k: len(index[k]))[: options.shingles]
            for key in keys:
                for j in index[key]:
                    if j != i and len(norms[j]) > len(norms[i]) and (active is None or i in active or j in active):
                        yield i, j
