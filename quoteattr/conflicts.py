"""Suggest conflicting claims between statements, each with the signal and words behind it.

Pairs are proposed within blocks (same speaker, same party, or a shared proper
name) and kept when they share enough content words to be on the same topic.
Signals, all explainable and offline:

* polarity flip: a negation in one statement around words both share;
* numbers or quantities that differ for the same thing (``all 90 seats`` /
  ``a very small number``);
* opposed stances and antonyms (alone/alliance, support/oppose, accept/reject ...);
* the time between them, stated in the reason.

Misattributions found by deduplication (the same words, different speakers) are
carried over as conflicts of kind ``misattribution``.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

import sqlite_utils

from .dedupe import NEGATIONS, NUMBER_WORDS, STOPWORDS, normalise
from .schema import conflict_id, ensure_schema

# Opposed stances: words or phrases of one side against the other's.
STANCES: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("going alone", (r"all \d+ (?:seats|constituencies)", r"(?:go|going|contest\w*|fight\w*) (?:it )?(?:alone|solo)",
                     r"on (?:our|its|their) own", r"independently", r"single[- ]handed\w*", r"no alliance"),
     "alliance", (r"alliance", r"coalition", r"seat[- ]sharing", r"tie[- ]up", r"pre[- ]poll pact", r"partners?hip",
                  r"together", r"joint(?:ly)?")),
    ("support", (r"support\w*", r"back(?:s|ed|ing)?", r"favou?r\w*", r"endors\w*", r"welcom\w*"),
     "opposition", (r"oppos\w*", r"against", r"reject\w*", r"condemn\w*", r"criticis\w*", r"criticiz\w*")),
    ("acceptance", (r"accept\w*", r"agree\w*", r"approv\w*"), "rejection", (r"reject\w*", r"refus\w*", r"disagree\w*", r"den(?:y|ied|ies)")),
    ("increase", (r"rais\w*", r"increas\w*", r"hik\w*", r"ris(?:e|es|ing)", r"more"), "decrease", (r"cut\w*", r"reduc\w*", r"lower\w*", r"fall\w*", r"less", r"fewer")),
    ("winning", (r"win\w*", r"victor\w*", r"majority"), "losing", (r"los(?:e|es|ing|t)", r"defeat\w*")),
    ("joining", (r"join\w*", r"stay\w*", r"remain\w*"), "leaving", (r"leav\w*", r"quit\w*", r"exit\w*", r"split\w*", r"break\w* away")),
    ("confirmation", (r"confirm\w*", r"true", r"yes"), "denial", (r"den(?:y|ied|ies)", r"false", r"untrue", r"baseless", r"no truth")),
]
_AMOUNT = r"\d+(?:\.\d+)?|all|every|none|no|few|many|most|some|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_COUNTED_RE = re.compile(rf"\b(?P<amount>{_AMOUNT})\s+(?:\w+\s+){{0,2}}?(?P<noun>seats?|votes?|members?|percent|crores?|lakhs?|years?|days?|months?|people|jobs|candidates?|constituencies|mlas?|mps?)\b")
_VAGUE_RE = re.compile(r"\b(?:(?:very\s+)?(?:small|large|big|huge|tiny|good)\s+(?:small\s+)?numbers?|handful|majority|minority)\b")
_PROPER_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z]{2,}(?:\s+[A-Z][A-Za-z]+)*")

# A statement is scored against every other in its blocks: what is read from one text is read
# once. Cached values are shared, never mutated.
_per_text = functools.lru_cache(maxsize=1 << 18)

SUGGEST_THRESHOLD = 0.5  # the review page lists suggestions at or above this score


@dataclass(frozen=True)
class StatementInfo:
    id: str
    text: str
    speaker_id: str | None
    speaker: str | None
    party_id: str | None
    party: str | None
    date: str | None


@dataclass(frozen=True)
class Signal:
    name: str
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    weight: float
    reason: str


@dataclass(frozen=True)
class ConflictCandidate:
    statement_a: str
    statement_b: str
    kind: str
    score: float
    reason: str
    signals: tuple[Signal, ...] = field(default=())
    days_apart: int | None = None

    @property
    def id(self) -> str:
        return conflict_id(self.statement_a, self.statement_b)


@_per_text
def content_words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if w not in STOPWORDS and w not in NEGATIONS and len(w) > 2}


@_per_text
def proper_names(text: str) -> set[str]:
    return {m.group().lower() for m in _PROPER_RE.finditer(text) if m.group().lower() not in STOPWORDS}


def topic_similarity(a: str, b: str) -> tuple[float, set[str]]:
    wa, wb = content_words(a), content_words(b)
    shared = wa & wb
    return (len(shared) / max(1, min(len(wa), len(wb)))), shared


@_per_text
def _find(patterns: Iterable[str], text: str) -> list[str]:
    found = []
    for pattern in patterns:
        found += [m.group() for m in re.finditer(rf"\b{pattern}\b", text)]
    return found


def polarity_signal(a: str, b: str, shared: set[str]) -> Signal | None:
    na = [w for w in normalise(a).split() if w in NEGATIONS]
    nb = [w for w in normalise(b).split() if w in NEGATIONS]
    if bool(na) == bool(nb) or len(shared) < 2:
        return None
    side, words = ("A", na) if na else ("B", nb)
    about = ", ".join(sorted(shared)[:4])
    return Signal("polarity", tuple(na), tuple(nb), 0.45,
                  f"polarity flip: '{words[0]}' only in {side}, both about {about}")


@_per_text
def quantities(text: str) -> dict[str, set[str]]:
    """Amounts by the noun they count; vague amounts ("a very small number") count anything ("*")."""
    text = normalise(text)
    found: dict[str, set[str]] = defaultdict(set)
    for m in _COUNTED_RE.finditer(text):
        found[m.group("noun").rstrip("s")].add(m.group("amount"))
    for m in _VAGUE_RE.finditer(text):
        found["*"].add(m.group())
    return found


def number_signal(a: str, b: str) -> Signal | None:
    qa, qb = quantities(a), quantities(b)
    for noun in sorted((set(qa) | set(qb)) - {"*"}):  # two vague amounts say nothing against each other
        left, right = qa.get(noun) or qa.get("*"), qb.get(noun) or qb.get("*")
        if left and right and not (left & right):
            wa, wb = sorted(left), sorted(right)
            return Signal("numbers", tuple(wa), tuple(wb), 0.4,
                          f"numbers differ for {noun}s: '{' / '.join(wa)}' vs '{' / '.join(wb)}'")
    return None


def stance_signal(a: str, b: str) -> Signal | None:
    ta, tb = normalise(a), normalise(b)
    for left, left_patterns, right, right_patterns in STANCES:
        la, ra = _find(left_patterns, ta), _find(right_patterns, ta)
        lb, rb = _find(left_patterns, tb), _find(right_patterns, tb)
        if la and rb and not lb:
            return Signal("stance", tuple(la), tuple(rb), 0.45, f"opposed stances: {left} ('{la[0]}') vs {right} ('{rb[0]}')")
        if lb and ra and not la:
            return Signal("stance", tuple(ra), tuple(lb), 0.45, f"opposed stances: {right} ('{ra[0]}') vs {left} ('{lb[0]}')")
    return None


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days)


def kind_of(a: StatementInfo, b: StatementInfo) -> str:
    if a.speaker_id and a.speaker_id == b.speaker_id:
        return "self"
    if a.party_id and a.party_id == b.party_id:
        return "party"
    return "cross"


def score_pair(a: StatementInfo, b: StatementInfo, min_topic: float = 0.1) -> ConflictCandidate | None:
    """The candidate for two statements, or None when they are off topic or no signal fires."""
    similarity, shared = topic_similarity(a.text, b.text)
    names = proper_names(a.text) & proper_names(b.text)
    if similarity < min_topic and not names:
        return None
    signals = [s for s in (polarity_signal(a.text, b.text, shared), number_signal(a.text, b.text), stance_signal(a.text, b.text)) if s]
    if not signals:
        return None
    days = _days(a.date, b.date)
    topic = min(1.0, similarity * 2.5) * 0.4 + (0.1 if names else 0.0)
    score = round(min(1.0, topic + sum(s.weight for s in signals)), 3)
    kind = kind_of(a, b)
    who = {"self": f"both {a.speaker}", "party": f"both {a.party}", "cross": f"{a.party or a.speaker or 'unknown'} vs {b.party or b.speaker or 'unknown'}"}[kind]
    on = ", ".join(sorted(shared | names)[:5]) or "the same subject"
    when = "dates unknown" if days is None else ("same day" if days == 0 else f"{days} days apart")
    reason = f"{'; '.join(s.reason for s in signals)} ({who}; shared: {on}; {when})"
    first, second = (a, b) if (a.date or "9999", a.id) <= (b.date or "9999", b.id) else (b, a)
    return ConflictCandidate(first.id, second.id, kind, score, reason, tuple(signals), days)


def candidates(statements: list[StatementInfo], min_topic: float = 0.1,
               only: set[str] | None = None) -> list[ConflictCandidate]:
    """Scored candidates within blocks: same speaker, same party, shared proper names.

    With ``only``, just the pairs with at least one of those statements (new or changed
    since the last run) are scored: the rest were scored before.
    """
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(statements):
        if s.speaker_id:
            blocks["speaker:" + s.speaker_id].append(i)
        if s.party_id:
            blocks["party:" + s.party_id].append(i)
        for name in proper_names(s.text):
            blocks["name:" + name].append(i)
    wanted = None if only is None else {i for i, s in enumerate(statements) if s.id in only}
    seen, found = set(), []
    for members in blocks.values():
        if len(members) > 500:  # a name everyone uses proposes nothing
            continue
        if wanted is not None and wanted.isdisjoint(members):
            continue
        for i, j in combinations(members, 2):
            if (i, j) in seen or (wanted is not None and i not in wanted and j not in wanted):
                continue
            seen.add((i, j))
            candidate = score_pair(statements[i], statements[j], min_topic)
            if candidate:
                found.append(candidate)
    return sorted(found, key=lambda c: (-c.score, c.id))


def _statement_infos(db: sqlite_utils.Database) -> list[StatementInfo]:
    rows = db.query("""
        select s.id, s.canonical_text, q.speaker_id, q.speaker_name, q.party_id, p.name as party, s.first_seen
        from statements s
        join quotes q on q.id = (select id from quotes where statement_id = s.id order by is_fragment, length(text) desc, id limit 1)
        left join parties p on p.id = q.party_id
        order by s.id
    """)
    return [StatementInfo(r["id"], r["canonical_text"], r["speaker_id"], r["speaker_name"], r["party_id"], r["party"], r["first_seen"]) for r in rows]


def ensure_conflict_tables(db: sqlite_utils.Database) -> None:
    ensure_schema(db)


def _row(candidate: ConflictCandidate, origin: str) -> dict:
    signals = [{"signal": s.name, "words_a": list(s.words_a), "words_b": list(s.words_b), "reason": s.reason} for s in candidate.signals]
    return {"id": candidate.id, "statement_a": candidate.statement_a, "statement_b": candidate.statement_b,
            "kind": candidate.kind, "score": candidate.score, "reason": candidate.reason,
            "signals": json.dumps(signals, ensure_ascii=False), "days_apart": candidate.days_apart, "origin": origin}


def misattribution_candidates(db: sqlite_utils.Database, only: set[str] | None = None) -> list[ConflictCandidate]:
    found = []
    for row in db.query("select id, speakers from statements where speaker_conflict = 1 and n_quotes > 0"):
        if only is not None and row["id"] not in only:
            continue
        names = json.loads(row["speakers"])
        found.append(ConflictCandidate(row["id"], row["id"], "misattribution", 1.0,
                                       f"the same words are attributed to {' and '.join(names)}"))
    return found


def detect_conflicts(db: sqlite_utils.Database, min_topic: float = 0.1, full: bool = False) -> int:
    """Store suggested conflicts for the statements new or changed since the last run; returns the total.

    ``full`` scores every pair again (a new ``min_topic``). Suggestions already reviewed or
    flagged by hand are kept; a hand-flagged conflict is never overwritten by a suggestion.
    """
    ensure_schema(db)
    if full:
        pending = None
    else:
        pending = {r[0] for r in db.execute("select statement_id from pending_conflict_checks")}
        if not pending:
            return db["conflicts"].count
    infos = [s for s in _statement_infos(db)]
    rows = {c.id: _row(c, "suggested") for c in candidates(infos, min_topic, pending) + misattribution_candidates(db, pending)}
    reviewed = {r[0] for r in db.execute("select distinct conflict_id from conflict_reviews")}
    with db.atomic():
        stored = {r["id"]: r for r in _conflicts_about(db, pending)}
        for stale in set(stored) - set(rows) - reviewed:
            if stored[stale]["origin"] == "suggested":
                db["conflicts"].delete(stale)
        manual = {r[0] for r in db.execute("select id from conflicts where origin = 'manual'")}
        fresh = [r for cid, r in rows.items() if cid not in manual and stored.get(cid) != r]
        if fresh:
            db["conflicts"].upsert_all(fresh, pk="id")
        db.execute("delete from pending_conflict_checks" + ("" if pending is None else " where statement_id in (select value from json_each(?))"),
                   [] if pending is None else [json.dumps(sorted(pending))])
    return db["conflicts"].count


def _conflicts_about(db: sqlite_utils.Database, statements: set[str] | None) -> list[dict]:
    if statements is None:
        return list(db["conflicts"].rows)
    ids = json.dumps(sorted(statements))
    return list(db.query("""
        select * from conflicts where statement_a in (select value from json_each(:ids))
        or statement_b in (select value from json_each(:ids))
    """, {"ids": ids}))


def flag_by_hand(db: sqlite_utils.Database, quote_a: str, quote_b: str, actor_id: str, note: str = "") -> str:
    """A reviewer's own conflict between two quotes' statements, confirmed at once."""
    ensure_conflict_tables(db)
    infos = {s.id: s for s in _statement_infos(db)}
    ids = []
    for quote_id in (quote_a, quote_b):
        row = db.execute("select statement_id from quotes where id = ?", [quote_id]).fetchone()
        if row is None or row[0] is None:
            raise ValueError(f"no quote {quote_id!r} with a statement")
        ids.append(row[0])
    a, b = infos[ids[0]], infos[ids[1]]
    candidate = ConflictCandidate(*sorted((a.id, b.id)), kind_of(a, b), 1.0, f"flagged by {actor_id}" + (f": {note}" if note else ""),
                                  days_apart=_days(a.date, b.date))
    with db.atomic():
        db["conflicts"].upsert(_row(candidate, "manual"), pk="id")
        record_review(db, candidate.id, "confirmed", note, actor_id)
    return candidate.id


def record_review(db: sqlite_utils.Database, conflict_id: str, verdict: str, note: str, actor_id: str) -> None:
    if verdict not in ("confirmed", "rejected", "note"):
        raise ValueError(f"unknown verdict {verdict!r}")
    if not db["conflicts"].count_where("id = ?", [conflict_id]):
        raise ValueError(f"no conflict {conflict_id!r}")
    db["conflict_reviews"].insert({"conflict_id": conflict_id, "verdict": verdict, "note": note or None, "actor_id": actor_id,
                                   "reviewed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})
