"""What the conflict pass reads from a statement without parsing it: its terms, names and cues.

Terms are content words folded to a crude stem (``supported`` and ``supports`` are one term), so
two statements about one thing share them whatever their wording. Names are the words written
with a capital inside a sentence; a pair of statements sharing only names is never on one topic.
Cues are cheap flags (a negation, a number, a word with an opposite) that decide which candidate
pairs are worth parsing.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .dedupe import NEGATIONS, NUMBER_WORDS, STOPWORDS

DATA = Path(__file__).resolve().parent / "data" / "conflicts"

# Words too common in political speech to make a topic (beside the dedupe stopwords).
GENERIC = frozenset("""
about after again against also always am another anything anyway around away back because before
being believe better between both call called came come comes coming could day days did does doing
done down each else even ever every everybody everyone everything fact far feel felt few find first
get gets getting give given go goes going gone good got great guy guys happen happened how however
into its just keep kind know knew last least let lets like little look looking lot lots made make
makes making many maybe mean means more most much need needs new next now off okay one ones only
other others out over own part people person place point pretty put quite really right said same
saw say saying says see seen should since some something sometimes still such sure take taken
talk talking tell thank thats thing things think thinking thought through time times today told
too took true try trying two under until very want wanted wants was way ways week well went what
whatever when where whether which while who whole why with without work world would year years yes
yet youre him himself herself themselves itself myself ourselves whom mine ours yours theirs hers
""".split())
IMPLICATIVE_NEGATIVES = frozenset("refuse refused refuses refusing decline declined declines declining "
                                  "deny denied denies denying reject rejected rejects rejecting".split())

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*")
_SENTENCE_END_RE = re.compile(r"[.!?:;\u2026\"\u201c\u201d(\[\u2014-]\s*$")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A crude stem: enough that inflections of one word meet, never a dictionary form."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            if len(base) > 4 and base[-1] == base[-2] and base[-1] not in "aeiouls":  # stopped -> stop
                base = base[:-1]
            return base
    return word


@functools.lru_cache(maxsize=1)
def opposite_words() -> dict[str, frozenset[str]]:
    """Lemma -> its opposites: WordNet's direct antonyms and the curated list, both directions."""
    pairs: dict[str, set[str]] = {}
    for name in ("antonyms.tsv", "opposites.tsv"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            word, other = line.split("\t")[:2]
            pairs.setdefault(word, set()).add(other)
            pairs.setdefault(other, set()).add(word)
    return {w: frozenset(o) for w, o in pairs.items()}


@functools.lru_cache(maxsize=1)
def opposable_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in opposite_words())


@dataclass(frozen=True)
class Lexical:
    terms: frozenset[str]  # stems of content words
    names: frozenset[str]  # the terms written as names here
    negated: bool  # a negation, or a verb that negates what follows (refuse, deny)
    numbers: bool
    opposable: frozenset[str]  # terms with an opposite in the lexicons
    n_words: int


@functools.lru_cache(maxsize=1 << 17)
def lexical(text: str) -> Lexical:
    terms, names, opposable = set(), set(), set()
    negated = numbers = False
    n_words = 0
    opposites = opposable_stems()
    for match in _WORD_RE.finditer(text):
        word = match.group()
        n_words += 1
        folded = word.lower().replace("\u2019", "").replace("'", "")
        if folded in NEGATIONS or folded.endswith("nt") and folded[:-2] in ("do", "does", "did", "is", "are", "was", "were",
                                                                             "ca", "could", "would", "should", "has", "have",
                                                                             "had", "wo", "must", "need"):
            negated = True
            continue
        if folded in IMPLICATIVE_NEGATIVES:
            negated = True
        if word[0].isdigit() or folded in NUMBER_WORDS:
            numbers = True
            continue
        if folded in STOPWORDS or folded in GENERIC or len(folded) < 3:
            continue
        term = stem(word)
        if term in STOPWORDS or term in GENERIC:
            continue
        terms.add(term)
        if word[0].isupper() and word != "I" and not _sentence_start(text, match.start()):
            names.add(term)
        if term in opposites:
            opposable.add(term)
    return Lexical(frozenset(terms), frozenset(names), negated, numbers, frozenset(opposable), n_words)


def _sentence_start(text: str, position: int) -> bool:
    before = text[max(0, position - 3):position]
    return position == 0 or not before.strip() or bool(_SENTENCE_END_RE.search(before))
