"""Suggest conflicting claims: same person over time, same party, and different people on one subject.

The pass runs in three stages, each cheaper per pair than the next and each on fewer pairs:

1. **Blocking** (``conflict_blocking``): statements meet when they share a pair of rare terms, or
   one rare content word and the speaker. No block is skipped for its size.
2. **Cues** (``claims``): a pair goes on only when the two share a content word (a shared name
   alone is never a subject) and carry a cue of opposition: a negation on one side only, amounts on
   both, words with an opposite, or opposed stance phrases.
3. **Claims** (``claim_parse``, ``conflict_signals``): the statements of the remaining pairs are
   parsed, once each, and the signals are read on the same claim: a negation scoping over the
   shared predicate, opposite predicates on the same target, different amounts of the same thing,
   opposed stances. The logistic model (``conflict_model``) turns them into a calibrated score.

Statement A is the earlier one; every reason says which side holds which words. Only speech and
quoted fragments of three words or more take part (titles, terms and labels are no claims).
Misattributions found by deduplication (the same words confidently given to different people) are
carried over as conflicts of kind ``misattribution``. After an ingest only the statements new or
changed since the last run (``pending_conflict_checks``) are compared with the rest.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import sqlite_utils

from .claim_parse import ClaimParser
from .claims import Lexical, lexical, opposite_words, stem
from .conflict_blocking import BlockingOptions, candidate_pairs, document_frequencies
from .conflict_model import Model, PairContext, default_model, features, shared_content
from .conflict_signals import Signal, number_signals, predicate_signals, stance_names, stance_signals
from .conflict_store import (conflict_row, conflicts_about, move_conflicts, pair_key, record_review,  # noqa: F401
                             reviewed_pairs)
from .people import person_key, same_person
from .schema import conflict_id, ensure_schema

STORE_MIN = 0.2  # candidates scoring below this are not stored at all
MIN_CLAIM_WORDS = 3


def suggest_threshold() -> float:
    """The review page's default threshold: the model's, chosen for precision."""
    return default_model().threshold


SUGGEST_THRESHOLD = suggest_threshold()


@dataclass(frozen=True)
class StatementInfo:
    id: str
    text: str
    speaker_id: str | None
    speaker: str | None
    party_id: str | None
    party: str | None
    date: str | None

    @property
    def person(self) -> str | None:
        return person_key(self.speaker_id, self.speaker)


@dataclass(frozen=True)
class ConflictCandidate:
    statement_a: str
    statement_b: str
    kind: str
    score: float
    reason: str
    signals: tuple[Signal, ...] = field(default=())
    days_apart: int | None = None
    date: str | None = None  # when the conflict arose: the later statement's first date
    pair_key: str | None = None
    speakers: str | None = None  # "A's speaker | B's speaker", for the review queue's filters
    parties: str | None = None

    @property
    def id(self) -> str:
        return conflict_id(self.statement_a, self.statement_b)


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(b[:10]) - dt.date.fromisoformat(a[:10])).days)


def _sides(a: StatementInfo, b: StatementInfo) -> tuple[str, str]:
    return f"{a.speaker or ''} | {b.speaker or ''}", f"{a.party or ''} | {b.party or ''}"


def kind_of(a: StatementInfo, b: StatementInfo) -> str:
    if same_person(a.speaker_id, a.speaker, b.speaker_id, b.speaker):
        return "self"
    if a.party_id and a.party_id == b.party_id:
        return "party"
    return "cross"


def _who(kind: str, a: StatementInfo, b: StatementInfo) -> str:
    if kind == "self":
        return f"both {a.speaker}"
    if kind == "party":
        return f"both {a.party}: {a.speaker or 'unknown'} and {b.speaker or 'unknown'}"
    side = lambda s: f"{s.speaker or 'unknown speaker'}" + (f" ({s.party})" if s.party else "")  # noqa: E731
    return f"{side(a)} vs {side(b)}"


class Scorer:
    """Scores pairs of statements of one corpus: its term rarities, the parser and the model."""

    def __init__(self, statements: Sequence[StatementInfo], parser: ClaimParser | None = None, model: Model | None = None):
        self.lexicals = [lexical(s.text) for s in statements]
        self.df = document_frequencies(self.lexicals)
        n = max(1, len(statements))
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in self.df.items()}
        self.default_idf = math.log((n + 1) / 0.5)
        self.parser = parser or ClaimParser()
        self.model = model or default_model()

    def signals(self, a: StatementInfo, b: StatementInfo) -> list[Signal]:
        fa, fb = self.parser[a.text], self.parser[b.text]
        one_person = same_person(a.speaker_id, a.speaker, b.speaker_id, b.speaker)
        found = (predicate_signals(a.text, fa, b.text, fb) + number_signals(a.text, fa, b.text, fb)
                 + stance_signals(a.text, b.text, one_person))
        strongest: dict[str, Signal] = {}
        for signal in found:  # the first of each kind is its strongest
            strongest.setdefault(signal.name, signal)
        return list(strongest.values())

    def evaluate(self, a: StatementInfo, b: StatementInfo, la: Lexical | None = None, lb: Lexical | None = None) -> "Evaluation":
        """Signals and feature values of a pair, A the earlier statement."""
        if (b.date or "9999", b.id) < (a.date or "9999", a.id):
            a, b, la, lb = b, a, lb, la
        la, lb = la or lexical(a.text), lb or lexical(b.text)
        signals = self.signals(a, b)
        kind = kind_of(a, b)
        days = _days(a.date, b.date)
        values = features(la, lb, signals, PairContext(kind == "self", kind == "party", days), self.idf, self.default_idf)
        return Evaluation(a, b, la, lb, signals, kind, days, values)

    def score(self, a: StatementInfo, b: StatementInfo, la: Lexical | None = None, lb: Lexical | None = None) -> ConflictCandidate | None:
        """The candidate for two statements, A the earlier; None when no signal of opposition fires."""
        e = self.evaluate(a, b, la, lb)
        if not e.signals:  # a negation in one text only, on no shared claim, is no conflict
            return None
        a, b = e.a, e.b
        score = round(self.model.score(e.values), 3)
        content, names = shared_content(e.la, e.lb)
        ranked = sorted(content, key=lambda t: (-self.idf.get(t, self.default_idf), t))
        on = ", ".join(ranked[:5]) or ("names only: " + ", ".join(sorted(names)[:3]) if names else "no words")
        when = "dates unknown" if e.days is None else ("same day" if e.days == 0 else f"{e.days} days apart")
        what = "; ".join(s.reason for s in e.signals)
        reason = f"{what} ({_who(e.kind, a, b)}; shared: {on}; {when})"
        later = max((d for d in (a.date, b.date) if d), default=None)
        return ConflictCandidate(a.id, b.id, e.kind, score, reason, tuple(e.signals), e.days, later, pair_key(a.text, b.text),
                                 *_sides(a, b))


@dataclass(frozen=True)
class Evaluation:
    a: StatementInfo
    b: StatementInfo
    la: Lexical
    lb: Lexical
    signals: list[Signal]
    kind: str
    days: int | None
    values: dict[str, float]


def _cue_mask(lexicals: Sequence[Lexical], texts: Sequence[str], pairs: np.ndarray) -> np.ndarray:
    """Pairs with a cue of opposition: a negation on one side only, amounts on both, opposable words
    or stance phrases on both."""
    negated = np.array([lx.negated for lx in lexicals])
    numbers = np.array([lx.numbers for lx in lexicals])
    opposable = np.array([bool(lx.opposable) for lx in lexicals])
    stanced = np.array([bool(stance_names(t)) for t in texts])
    i, j = pairs[:, 0], pairs[:, 1]
    return (negated[i] != negated[j]) | (numbers[i] & numbers[j]) | (opposable[i] & opposable[j]) | (stanced[i] & stanced[j])


def _opposite_terms(la: Lexical, lb: Lexical) -> bool:
    """A word of ``la`` whose opposite is a word of ``lb``."""
    table = _stemmed_opposites()
    return any(table.get(t, frozenset()) & lb.opposable for t in la.opposable)


@functools.lru_cache(maxsize=1)
def _stemmed_opposites() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for word, others in opposite_words().items():
        table.setdefault(stem(word), set()).update(stem(o) for o in others)
    return {k: frozenset(v) for k, v in table.items()}


def _one_side_stance(a: StatementInfo, b: StatementInfo) -> bool:
    """Two statements of one party (or person) taking opposed sides of a curated stance: the stance
    is their subject, whatever words they share."""
    one_person = same_person(a.speaker_id, a.speaker, b.speaker_id, b.speaker)
    same_side = one_person or (a.party_id and a.party_id == b.party_id)
    return bool(same_side and stance_signals(a.text, b.text, one_person) + stance_signals(b.text, a.text, one_person))


def candidates(statements: list[StatementInfo], only: set[str] | None = None, parser: ClaimParser | None = None,
               model: Model | None = None, options: BlockingOptions = BlockingOptions(),
               min_score: float = STORE_MIN) -> list[ConflictCandidate]:
    """Scored candidates at or above ``min_score``; with ``only``, just pairs with one of those statements."""
    scorer = Scorer(statements, parser, model)
    lex = scorer.lexicals
    order = sorted(range(len(statements)), key=lambda k: (statements[k].person or "", statements[k].date or "", statements[k].id))
    rank = np.empty(len(statements), dtype=np.int64)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(statements))
    wanted = None if only is None else np.array([s.id in only for s in statements])
    # A stance is its own subject within one party and within one person.
    topics = [[f"{stance}|{owner}" for stance, _ in stance_names(s.text) for owner in {s.party_id, s.person} if owner]
              for s in statements]
    pairs = candidate_pairs(lex, [s.person for s in statements], rank, scorer.df, wanted, options, topics)
    pairs = pairs[_cue_mask(lex, [s.text for s in statements], pairs)] if len(pairs) else pairs
    survivors = []
    for i, j in pairs.tolist():
        content, _ = shared_content(lex[i], lex[j])
        if _one_side_stance(statements[i], statements[j]):
            survivors.append((i, j))
        elif content and (lex[i].negated != lex[j].negated or (lex[i].numbers and lex[j].numbers)
                        or _opposite_terms(lex[i], lex[j]) or _opposite_terms(lex[j], lex[i])
                        or (stance_names(statements[i].text) and stance_names(statements[j].text))):
            survivors.append((i, j))
    scorer.parser.parse(statements[k].text for pair in survivors for k in pair)
    found = []
    for i, j in survivors:
        candidate = scorer.score(statements[i], statements[j], lex[i], lex[j])
        if candidate and candidate.score >= min_score:
            found.append(candidate)
    return sorted(found, key=lambda c: (-c.score, c.id))


def score_pair(a: StatementInfo, b: StatementInfo, scorer: Scorer | None = None) -> ConflictCandidate | None:
    """One pair scored on its own (rarities from the two texts alone unless a corpus ``scorer`` is given)."""
    return (scorer or Scorer([a, b])).score(a, b)


_INFO_QUERY = """
    select s.id, s.canonical_text, q.speaker_id, q.speaker_name, q.party_id, p.name as party, s.first_seen,
           q.kind, q.text as quote_text
    from statements s
    join quotes q on q.id = (select id from quotes where statement_id = s.id order by is_fragment, length(text) desc, id limit 1)
    left join parties p on p.id = q.party_id
    where s.n_quotes > 0
    order by s.id
"""


def statement_infos(db: sqlite_utils.Database, eligible_only: bool = True) -> list[StatementInfo]:
    """Every statement with its main attribution; by default only claims (speech and fragments of
    three words or more)."""
    found = []
    for r in db.query(_INFO_QUERY):
        if eligible_only and ((r["kind"] or "speech") not in ("speech", "fragment") or len(r["canonical_text"].split()) < MIN_CLAIM_WORDS):
            continue
        found.append(StatementInfo(r["id"], r["canonical_text"], r["speaker_id"], r["speaker_name"], r["party_id"], r["party"], r["first_seen"]))
    return found


_statement_infos = statement_infos  # the name older callers used


def ensure_conflict_tables(db: sqlite_utils.Database) -> None:
    ensure_schema(db)


def misattribution_candidates(db: sqlite_utils.Database, only: set[str] | None = None) -> list[ConflictCandidate]:
    found = []
    for row in db.query("select id, speakers, first_seen from statements where speaker_conflict = 1 and n_quotes > 0"):
        if only is not None and row["id"] not in only:
            continue
        names = json.loads(row["speakers"])
        found.append(ConflictCandidate(row["id"], row["id"], "misattribution", 1.0,
                                       f"the same words are attributed to {' and '.join(names)}",
                                       date=row["first_seen"], speakers=" | ".join(names)))
    return found


def detect_conflicts(db: sqlite_utils.Database, full: bool = False, parser: ClaimParser | None = None,
                     min_score: float = STORE_MIN) -> int:
    """Store suggested conflicts for the statements new or changed since the last run; returns the total.

    ``full`` scores every pair again. A conflict a reviewer judged or flagged is never deleted or
    overwritten, and a pair whose two texts were judged before is not suggested again under new
    statement ids.
    """
    ensure_schema(db)
    if full:
        pending = None
    else:
        pending = {r[0] for r in db.execute("select statement_id from pending_conflict_checks")}
        if not pending:
            return db["conflicts"].count
    infos = statement_infos(db)
    reviewed_ids, reviewed_keys = reviewed_pairs(db)
    found = candidates(infos, pending, parser, min_score=min_score) + misattribution_candidates(db, pending)
    rows = {c.id: conflict_row(c, "suggested") for c in found
            if c.id in reviewed_ids or not c.pair_key or c.pair_key not in reviewed_keys}
    with db.atomic():
        stored = {r["id"]: r for r in conflicts_about(db, pending)}
        stale = [cid for cid in set(stored) - set(rows) - reviewed_ids if stored[cid]["origin"] == "suggested"]
        for start in range(0, len(stale), 500):
            chunk = stale[start:start + 500]
            db.execute(f"delete from conflicts where id in ({', '.join('?' * len(chunk))})", chunk)
        manual = {r[0] for r in db.execute("select id from conflicts where origin = 'manual'")}
        fresh = [r for cid, r in rows.items() if cid not in manual and _changed(stored.get(cid), r)]
        if fresh:
            db["conflicts"].upsert_all(fresh, pk="id")
        db.execute("delete from pending_conflict_checks" + ("" if pending is None else " where statement_id in (select value from json_each(?))"),
                   [] if pending is None else [json.dumps(sorted(pending))])
    return db["conflicts"].count


def _changed(stored: dict | None, row: dict) -> bool:
    return stored is None or any(stored.get(k) != v for k, v in row.items())


def flag_by_hand(db: sqlite_utils.Database, quote_a: str, quote_b: str, actor_id: str, note: str = "") -> str:
    """A reviewer's own conflict between two quotes' statements, judged conflicting at once."""
    ensure_conflict_tables(db)
    ids = []
    for quote_id in (quote_a, quote_b):
        row = db.execute("select statement_id from quotes where id = ?", [quote_id]).fetchone()
        if row is None or row[0] is None:
            raise ValueError(f"no quote {quote_id!r} with a statement")
        ids.append(row[0])
    infos = {s.id: s for s in statement_infos(db, eligible_only=False) if s.id in ids}
    a, b = infos[ids[0]], infos[ids[1]]
    if (b.date or "9999", b.id) < (a.date or "9999", a.id):
        a, b = b, a
    candidate = ConflictCandidate(a.id, b.id, kind_of(a, b), 1.0, f"flagged by {actor_id}" + (f": {note}" if note else ""),
                                  days_apart=_days(a.date, b.date), date=max((d for d in (a.date, b.date) if d), default=None),
                                  pair_key=pair_key(a.text, b.text), speakers=_sides(a, b)[0], parties=_sides(a, b)[1])
    with db.atomic():
        db["conflicts"].upsert(conflict_row(candidate, "manual"), pk="id")
        record_review(db, candidate.id, "conflicting", note, actor_id)
    return candidate.id
