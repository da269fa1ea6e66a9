"""Step 4 of clustering: a name written alone (``Clinton``) joins a person of that surname only
when one person fits the article: gender (Mr., Ms.), party, the time they are quoted in, a
first name written in the article, a shared role; else the one far more quoted then. Names no
person fits are one speaker across the corpus only when the corpus has nobody else of that
surname.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..lexicon import first_name_genders
from ..slugs import slug as _slug
from .keys import Key
from .names import Name, fold, gender_of

WINDOW_DAYS = 730  # a person is a candidate for a name written alone within two years of their quotes
DOMINANT_SHARE = 0.9  # ... or when they have this share of the candidates' quotes


@dataclass
class Candidate:
    """A person (a group of full-name keys) as a name written alone sees them."""

    root: int
    names: dict[str, Name] = field(default_factory=dict)
    person_ids: set[str] = field(default_factory=set)
    quotes: int = 0
    dates: list[str] = field(default_factory=list)
    parties: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    gender: str | None = None

    @property
    def firsts(self) -> set[str]:
        return {n.first for n in self.names.values() if n.first and len(n.first) > 1}

    @property
    def label(self) -> str:
        return max(self.names.values(), key=lambda n: len(n.words)).text


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _role_words(role: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", fold(role or "")) if len(w) > 3}


class SurnameResolver:
    """Joins each key of a name written alone to the one person (a group of full-name keys,
    ``full_groups`` by union-find root) who fits it, in ``uf``."""

    def __init__(self, keys: list[Key], kb_terms: dict[str, list], article_text: Callable[[str], str | None],
                 uf, full_groups: dict[int, list[int]]):
        self.keys, self.kb_terms, self.article_text = keys, kb_terms, article_text
        self.uf, self.full_groups = uf, full_groups

    def _candidates(self) -> dict[str, list[Candidate]]:
        by_surname: dict[str, list[Candidate]] = defaultdict(list)
        for root, members in self.full_groups.items():
            c = Candidate(root)
            genders = Counter()
            for i in members:
                key = self.keys[i]
                c.names[key.parsed.key] = key.parsed
                if key.person_id:
                    c.person_ids.add(key.person_id)
                c.quotes += len(key.quotes)
                c.dates += key.dates
                c.parties |= set(key.article_parties)
                c.roles |= {w for q in key.quotes for w in _role_words(q.role)}
                if (g := gender_of(key.parsed)):
                    genders[g] += 1
            for pid in c.person_ids:
                for term in self.kb_terms.get(pid, []):
                    if term.party:
                        c.parties.add(_slug(term.party))
                    c.dates += [d for d in (term.valid_from, term.valid_to) if d]
                    c.gender = c.gender or term.gender
            c.gender = c.gender or (genders.most_common(1)[0][0] if genders else None)
            c.dates.sort()
            for surname in {n.surname for n in c.names.values()}:
                by_surname[surname].append(c)
        return by_surname

    def _fits(self, key: Key, c: Candidate) -> bool:
        gender = key.gender
        if gender and c.gender and gender != c.gender:
            return False
        parties = set(key.article_parties)
        if parties and c.parties and not parties & c.parties:
            return False
        dates = key.dates
        if dates and c.dates:
            date = dates[0]
            if (date < c.dates[0] and _days(date, c.dates[0]) > WINDOW_DAYS) or \
                    (date > c.dates[-1] and _days(date, c.dates[-1]) > WINDOW_DAYS):
                return False
        return True

    def _choose(self, key: Key, fits: list[Candidate]) -> tuple[Candidate | None, str]:
        word = key.parsed.surname.title()
        if len(fits) == 1:
            return fits[0], f"the only {word} in the corpus who fits (gender, party, dates)"
        text = self.article_text(key.article_id) or ""
        full = [c for c in fits if any(re.search(rf"\b{re.escape(n.text)}\b", text) for n in c.names.values())]
        if len(full) == 1:
            return full[0], f"the {word} whose full name the article writes ({full[0].label})"
        named = [c for c in (full or fits) if any(re.search(rf"\b{re.escape(first.title())}\b", text)
                                                  for first in c.firsts)]
        if len(named) == 1:
            return named[0], f"the {word} whose first name the article writes"
        roles = {w for q in key.quotes for w in _role_words(q.role)}
        shared = [c for c in fits if roles & c.roles]
        if roles and len(shared) == 1:
            return shared[0], f"the {word} whose role the article gives ({', '.join(sorted(roles & shared[0].roles))})"
        near = [(c, self._quotes_near(c, key.dates)) for c in fits]
        total = sum(n for _, n in near)
        best, count = max(near, key=lambda item: (item[1], -item[0].root))
        if total and count / total >= DOMINANT_SHARE:
            return best, f"{count} of the {total} quotes of people named {word} at the time are {best.label}'s"
        return None, f"several people named {word} fit ({', '.join(sorted(c.label for c in fits))}): kept apart"

    def _quotes_near(self, c: Candidate, dates: list[str]) -> int:
        if not dates:
            return c.quotes
        return sum(1 for d in c.dates if _days(d, dates[0]) <= WINDOW_DAYS) or (1 if c.person_ids else 0)

    def resolve(self) -> None:
        by_surname = self._candidates()
        alone: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            if not key.single:
                continue
            word = key.parsed.surname
            fits = [c for c in by_surname.get(word, []) if self._fits(key, c)]
            chosen, how = self._choose(key, fits) if fits else (None, "")
            if chosen is not None:
                self.uf.union(i, chosen.root)
                key.how = how
            elif by_surname.get(word):
                key.how = how or f"no {word.title()} of the corpus fits this article: kept apart"
            elif word in first_name_genders():
                key.how = "a first name alone, which may be anyone's: kept to its article"
            else:
                alone[word].append(i)
        for word, members in alone.items():
            # Mr. and Ms. Acosta are two people; a name without a title goes with the more quoted.
            genders = Counter(self.keys[i].gender for i in members if self.keys[i].gender)
            main = genders.most_common(1)[0][0] if genders else None
            for gender in set(genders) | {main}:
                same = [i for i in members if (self.keys[i].gender or main) == gender]
                for i in same:
                    self.uf.union(i, same[0])
                    self.keys[i].how = f"the only {word.title()} in the corpus (nobody else has that surname)"
