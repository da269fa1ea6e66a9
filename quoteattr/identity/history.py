"""A speaker's party as history: terms from the knowledge base, from dated article words, from
reviewers; and the party on a given date.

* Knowledge-base terms of one party that follow each other are one term.
* The article's own words about the person (never the knowledge base's, never "former BJP
  leader") are dated observations. For a person the knowledge base does not know, runs of one
  party are terms; a change of party needs two articles, or words saying so ("who joined the
  BJP last month"), else the odd article is taken for noise. For a person it knows, its terms
  stand, an article's words saying they joined another party start a new term (ending the one
  it interrupts), and where it says nothing (before, between or after its terms) the articles
  carry the history on.
* A reviewer's term overrides whatever it overlaps; a reviewer can end a term.
* On a date two terms overlap (a senator running in another party's primary), the party the
  article's own words give wins.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from ..parties import KnownSpeaker
from .keys import QuoteInput

MERGE_GAP_DAYS = 90  # knowledge-base terms of one party this close are one term
_JOINED_RE = re.compile(r"\b(?:join|joined|joins|joining|rejoined|rejoins|switched|switches|switching|defected|defects|"
                        r"defecting|crossed over|moved over|jumped ship|new (?:member|recruit))\b", re.I)
_PAST_RE = re.compile(r"\b(?:former|ex|erstwhile|one-?time|previously|formerly|quit|left|expelled|resigned)\b", re.I)


@dataclass(frozen=True)
class Term:
    party_id: str
    valid_from: str | None
    valid_to: str | None
    source: str  # knowledge base, article, reviewer
    evidence: str
    article_id: str | None = None
    quote_id: str | None = None

    def covers(self, date: str) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date <= self.valid_to)


@dataclass(frozen=True)
class Observation:
    date: str
    party_id: str
    evidence: str
    article_id: str
    quote_id: str
    joined: bool


def _day(date: str, delta: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=delta)).isoformat()


def knowledge_base_terms(rows: list[KnownSpeaker], slug) -> list[Term]:
    """The knowledge base's terms of one person, those of one party that follow each other merged."""
    terms: list[Term] = []
    for row in sorted((r for r in rows if r.party), key=lambda r: (r.valid_from or "", r.valid_to or "9999")):
        party = slug(row.party)
        evidence = f"knowledge base: {row.role}" if row.role else "knowledge base"
        last = next((t for t in reversed(terms) if t.party_id == party), None)
        if last is not None and (last.valid_to is None or row.valid_from is None
                                 or row.valid_from <= _day(last.valid_to, MERGE_GAP_DAYS)):
            end = None if last.valid_to is None or row.valid_to is None else max(last.valid_to, row.valid_to)
            terms[terms.index(last)] = replace(last, valid_to=end)
            continue
        terms.append(Term(party, row.valid_from, row.valid_to, "knowledge base", evidence))
    return terms


def observations(quotes: list[QuoteInput]) -> list[Observation]:
    """One dated observation per article: the party its own words give the speaker."""
    by_article: dict[str, list[QuoteInput]] = defaultdict(list)
    for q in quotes:
        words = q.party_evidence or ""
        if q.date and q.article_party and (_JOINED_RE.search(words) or not _PAST_RE.search(words)):
            by_article[q.article_id].append(q)
    found = []
    for article_id, qs in by_article.items():
        party = Counter(q.article_party for q in qs).most_common(1)[0][0]
        first = min((q for q in qs if q.article_party == party), key=lambda q: q.id)
        found.append(Observation(first.date, party, first.party_evidence, article_id, first.id,
                                 bool(_JOINED_RE.search(first.party_evidence))))
    return sorted(found, key=lambda o: (o.date, o.article_id))


def _article_term(o: Observation, valid_to: str | None = None) -> Term:
    how = "joined: " if o.joined else ""
    return Term(o.party_id, o.date, valid_to, "article", f"{how}\u201c{o.evidence}\u201d ({o.date})", o.article_id, o.quote_id)


def _runs(found: list[Observation], seed: str | None) -> list[tuple[str, list[Observation]]]:
    """Runs of one party; a change of party needs two articles or words saying they joined."""
    runs: list[tuple[str, list[Observation]]] = []
    for o in found:
        if runs and runs[-1][0] == o.party_id:
            runs[-1][1].append(o)
        else:
            runs.append((o.party_id, [o]))
    kept: list[tuple[str, list[Observation]]] = []
    current = seed
    for party, run in runs:
        if kept and kept[-1][0] == party:
            kept[-1][1].extend(run)
        elif current is None or party == current or len(run) >= 2 or run[0].joined:
            kept.append((party, list(run)))
            current = party
    return kept


def _overlay(terms: list[Term], new: Term) -> list[Term]:
    """``terms`` clipped so that none overlaps ``new``, then ``new``."""
    out = []
    for t in terms:
        starts_before = new.valid_from is not None and (t.valid_from is None or t.valid_from < new.valid_from)
        ends_after = new.valid_to is not None and (t.valid_to is None or t.valid_to > new.valid_to)
        overlaps = (new.valid_to is None or t.valid_from is None or t.valid_from <= new.valid_to) and \
                   (new.valid_from is None or t.valid_to is None or t.valid_to >= new.valid_from)
        if not overlaps:
            out.append(t)
            continue
        if starts_before:
            out.append(replace(t, valid_to=_day(new.valid_from, -1)))
        if ends_after:
            out.append(replace(t, valid_from=_day(new.valid_to, 1)))
    return sorted(out + [new], key=lambda t: (t.valid_from or "", t.valid_to or "9999"))


def party_history(kb_rows: list[KnownSpeaker], quotes: list[QuoteInput], slug) -> list[Term]:
    """A speaker's party terms, oldest first, from the knowledge base and the articles."""
    terms = knowledge_base_terms(kb_rows, slug)
    found = observations(quotes)
    if not terms:
        dated = _runs(found, None)
        for i, (party, run) in enumerate(dated):
            end = _day(dated[i + 1][1][0].date, -1) if i + 1 < len(dated) else None
            terms.append(_article_term(run[0], end))
        if not terms:
            undated = Counter(q.article_party for q in quotes if not q.date and q.article_party)
            if undated:
                party = undated.most_common(1)[0][0]
                first = min((q for q in quotes if q.article_party == party), key=lambda q: q.id)
                terms.append(Term(party, None, None, "article", f"\u201c{first.party_evidence}\u201d (undated)",
                                  first.article_id, first.id))
        return terms
    known = list(terms)
    for o in found:  # words saying they joined another party start a term
        if o.joined and any(t.covers(o.date) for t in known) \
                and not any(t.covers(o.date) and t.party_id == o.party_id for t in terms):
            later = [t.valid_from for t in known if t.valid_from and t.valid_from > o.date]
            terms = _overlay(terms, _article_term(o, _day(min(later), -1) if later else None))
    # Where the knowledge base says nothing (before its first term, between terms, after its
    # last), the articles carry the history on from the term before.
    uncovered = [o for o in found if not any(t.covers(o.date) for t in known)]
    if uncovered:
        before = [t for t in known if t.valid_to and t.valid_to < uncovered[0].date]
        seed = max(before, key=lambda t: t.valid_to).party_id if before else None
        runs = _runs(uncovered, seed)
        for i, (party, run) in enumerate(runs):
            starts = [run[0].date]
            if i + 1 < len(runs):
                starts.append(runs[i + 1][1][0].date)
            starts += [t.valid_from for t in known if t.valid_from and t.valid_from > run[0].date]
            later = sorted(d for d in starts if d > run[0].date)
            terms.append(_article_term(run[0], _day(later[0], -1) if later else None))
    return sorted(terms, key=lambda t: (t.valid_from or "", t.valid_to or "9999"))


def reviewer_term(terms: list[Term], party_id: str, valid_from: str | None, valid_to: str | None,
                  evidence: str) -> list[Term]:
    return _overlay(terms, Term(party_id, valid_from, valid_to, "reviewer", evidence))


def end_term(terms: list[Term], party_id: str, valid_from: str | None, valid_to: str, evidence: str) -> list[Term]:
    """The term of ``party_id`` (begun on ``valid_from``, when given; else the latest) ends on ``valid_to``."""
    matching = [t for t in terms if t.party_id == party_id and (valid_from is None or t.valid_from == valid_from)]
    if not matching:
        return terms
    target = max(matching, key=lambda t: t.valid_from or "")
    ended = replace(target, valid_to=valid_to, evidence=f"{target.evidence}; {evidence}")
    return [ended if t is target else t for t in terms]


def party_on(terms: list[Term], date: str | None, own: str | None) -> str | None:
    """The party on ``date``. Undated: the article's own words, else the current party. Outside
    every term: the one party they ever had, else the latest before the date, else the first."""
    if not terms:
        return own
    if date is None:
        if own:
            return own
        current = [t for t in terms if t.valid_to is None]
        pick = max(current or terms, key=lambda t: (t.valid_to or "9999", t.valid_from or ""))
        return pick.party_id
    valid = [t for t in terms if t.covers(date)]
    if valid:  # overlapping terms: a reviewer's, the one the article's words name, the one begun last
        return max(valid, key=lambda t: (t.source == "reviewer", t.party_id == own, t.valid_from or "")).party_id
    parties = {t.party_id for t in terms}
    if len(parties) == 1:
        return parties.pop()
    before = [t for t in terms if t.valid_to is not None and t.valid_to < date]
    if before:
        return max(before, key=lambda t: t.valid_to).party_id
    return min(terms, key=lambda t: t.valid_from or "").party_id
