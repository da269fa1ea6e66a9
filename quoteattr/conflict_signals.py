"""Signals that two statements take opposite sides of one claim, each with the words that show it.

Read from the statements' own parse (``claim_parse``): the same predicate with opposite polarity
(``not ready to support`` / ``support``), predicates of opposite meaning with the same polarity
(``rise`` / ``fall``), different amounts of the same counted thing (``three times`` / ``twice``),
and opposed stances written as phrases (going alone / alliance). A signal is *aligned* when the
two predicates' targets meet, so "they don't support the bill" against "we support the troops" is
a weak signal and "I won't support Ryan" against "I support Ryan" a strong one. Each signal keeps
the characters of its words on each side, for highlighting, and a reason naming the side.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .claim_parse import GENERIC_THINGS, ClaimFrame, Predicate, compatible_subjects
from .claims import DATA, GENERIC, opposite_words

Span = tuple[int, int]


@dataclass(frozen=True)
class Signal:
    name: str  # negation, antonym, numbers, stance
    aligned: bool  # the two sides' claims have the same target
    spans_a: tuple[Span, ...]
    spans_b: tuple[Span, ...]
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    on: tuple[str, ...]  # the shared targets
    reason: str
    predicate: str = ""  # the opposed predicate's key, for a negation or an antonym ("support", "make:mistake")


def _words(text: str, spans) -> tuple[str, ...]:
    return tuple(text[s:e] for s, e in spans)


def _unique(words) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.lower() for w in words))


def _quote(words) -> str:
    return "'" + " ... ".join(words) + "'"


def _opposed(pa: Predicate, pb: Predicate) -> str | None:
    """How two predicates oppose each other, if they do: 'negation' or 'antonym'."""
    if pa.mode != pb.mode or not compatible_subjects(pa.subject, pb.subject):
        return None
    if pa.key == pb.key:
        return "negation" if pa.negated != pb.negated else None
    if pa.negated == pb.negated and pb.lemma in opposite_words().get(pa.lemma, ()) and ":" not in pa.key + pb.key:
        return "antonym"
    return None


def _spans(p: Predicate) -> tuple[Span, ...]:
    return tuple(sorted(s for s in (p.negation, p.span) if s))


def predicate_signals(text_a: str, fa: ClaimFrame, text_b: str, fb: ClaimFrame) -> list[Signal]:
    """Opposed predicates, strongest first (aligned, then by the number of shared targets)."""
    found = []
    for pa in fa.predicates:
        for pb in fb.predicates:
            how = _opposed(pa, pb)
            if how is None:
                continue
            on = tuple(sorted(t for t in pa.targets & pb.targets if t not in GENERIC))
            # "make:mistake" carries its target in its key; "be:candidate" needs its subject too.
            aligned = bool(on) or (":" in pa.key and not pa.key.startswith("be:"))
            sa, sb = _spans(pa), _spans(pb)
            wa, wb = _words(text_a, sa), _words(text_b, sb)
            about = f" (on {', '.join(on[:4])})" if on else ""
            if how == "negation":
                side = "A" if pa.negated else "B"
                reason = (f"negation over the same claim: {_quote(wa)} in A vs {_quote(wb)} in B{about}; "
                          f"negated in {side}")
            else:
                reason = f"opposite words on the same claim: {_quote(wa)} in A vs {_quote(wb)} in B{about}"
            found.append(Signal(how, aligned, sa, sb, wa, wb, on, reason, pa.key))
    return sorted(found, key=lambda s: (not s.aligned, -len(s.on), s.name, s.words_a, s.words_b))


def number_signals(text_a: str, fa: ClaimFrame, text_b: str, fb: ClaimFrame) -> list[Signal]:
    found = []
    for qa in fa.amounts:
        for qb in fb.amounts:
            if qa.thing != qb.thing or abs(qa.value - qb.value) <= 0.01 * max(abs(qa.value), abs(qb.value)):
                continue
            same_governor = qa.governor == qb.governor
            if qa.thing in GENERIC_THINGS and not same_governor:
                continue
            wa, wb = _words(text_a, [qa.span]), _words(text_b, [qb.span])
            what = qa.thing + (f" ({qa.governor})" if same_governor else "")
            found.append(Signal("numbers", same_governor or qa.thing not in GENERIC_THINGS, (qa.span,), (qb.span,), wa, wb,
                                (qa.thing,), f"different numbers for the same thing: {_quote(wa)} in A vs {_quote(wb)} in B, {what}"))
    return found


@functools.lru_cache(maxsize=1)
def position_predicates() -> frozenset[str]:
    """Predicates that take a position (data/conflicts/positions.txt)."""
    lines = (DATA / "positions.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def stances() -> list[tuple[str, re.Pattern, str, re.Pattern, str]]:
    """The curated opposed stances (data/conflicts/stances.tsv), compiled."""
    found = []
    for line in (DATA / "stances.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        left, left_phrases, right, right_phrases, scope = line.split("\t")
        compile_ = lambda phrases: re.compile(  # noqa: E731
            r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in phrases.split(";")) + r")\b")
        found.append((left, compile_(left_phrases), right, compile_(right_phrases), scope))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _stance_matches(text: str) -> dict[tuple[str, str], tuple[Span, ...]]:
    """(stance, side) -> the characters of each phrase taking it, read on an offset-keeping fold."""
    folded = re.sub(r"[^\w]", " ", text.lower())
    if len(folded) != len(text):
        folded = folded[:len(text)].ljust(len(text))
    found = {}
    for left, left_re, right, right_re, _ in stances():
        for side, pattern in (("left", left_re), ("right", right_re)):
            spans = tuple(m.span() for m in pattern.finditer(folded))
            if spans:
                found[(left, side)] = spans
    return found


def stance_names(text: str) -> frozenset[tuple[str, str]]:
    return frozenset(_stance_matches(text))


def stance_signals(text_a: str, text_b: str, same_person: bool = True) -> list[Signal]:
    """Opposed stances of A and B; those scoped to one person only when ``same_person``."""
    ma, mb = _stance_matches(text_a), _stance_matches(text_b)
    found = []
    for left, _, right, _, scope in stances():
        if scope == "person" and not same_person:
            continue
        for side_a, side_b, name_a, name_b in (("left", "right", left, right), ("right", "left", right, left)):
            if (left, side_a) in ma and (left, side_b) in mb and (left, side_a) not in mb:
                sa, sb = ma[(left, side_a)], mb[(left, side_b)]
                wa, wb = _words(text_a, sa), _words(text_b, sb)
                # A stance of one person (endorsing / withholding it) is a flip-flop signal of its own.
                found.append(Signal("stance" if scope == "party" else "personal stance", False, sa, sb, wa, wb, (),
                                    f"opposed stances: {name_a} ({_quote(_unique(wa)[:2])}) in A "
                                    f"vs {name_b} ({_quote(_unique(wb)[:2])}) in B"))
                break
    return found

