"""Party knowledge base (editable CSV data) and party mentions in text."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class Party:
    name: str
    abbreviation: str | None
    aliases: tuple[str, ...]
    country: str | None = None
    in_text: bool = True  # False: its words are everyday words ("independent"); only letters match


@dataclass(frozen=True)
class KnownSpeaker:
    """One party term of a known person (a person with several terms has several rows)."""

    name: str
    aliases: tuple[str, ...]
    party: str | None
    role: str | None
    valid_from: str | None
    valid_to: str | None
    id: str | None = None
    gender: str | None = None
    country: str | None = None

    def valid_on(self, date: str | None) -> bool:
        if date is None:
            return not self.valid_to  # undated: only the current affiliation
        return (not self.valid_from or self.valid_from <= date) and (not self.valid_to or date <= self.valid_to)


@dataclass(frozen=True)
class PartyMention:
    party: Party
    start: int
    end: int
    text: str


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(";") if v.strip())


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _bundled(name: str):
    return resources.files("quoteattr").joinpath("data", name)


@dataclass
class KnowledgeBase:
    parties: list[Party] = field(default_factory=list)
    speakers: list[KnownSpeaker] = field(default_factory=list)

    @classmethod
    def load(cls, party_files: Iterable[str | Path] = (), speaker_files: Iterable[str | Path] = ()) -> "KnowledgeBase":
        """The bundled CSVs, then the user's own files (later rows override earlier names)."""
        by_name: dict[str, Party] = {}
        for path in [_bundled("parties.csv"), *party_files]:
            for row in _rows(path):
                if row.get("name"):
                    by_name[row["name"]] = Party(row["name"], row.get("abbreviation") or None, _split(row.get("aliases")),
                                                 row.get("country") or None, row.get("in_text", "").lower() != "no")
        speakers: list[KnownSpeaker] = []
        for path in [_bundled("speakers.csv"), *speaker_files]:
            for row in _rows(path):
                if row.get("name"):
                    speakers.append(KnownSpeaker(
                        row["name"], _split(row.get("aliases")), row.get("party") or None,
                        row.get("role") or None, row.get("valid_from") or None, row.get("valid_to") or None,
                        row.get("id") or row["name"], row.get("gender") or None, row.get("country") or None))
        return cls(list(by_name.values()), speakers)

    def party_index(self, country: str | None = None) -> "PartyIndex":
        """Party names in text, read as an article of ``country`` would mean them."""
        if country not in self._party_indexes:
            self._party_indexes[country] = PartyIndex(self.parties, country)
        return self._party_indexes[country]

    @functools.cached_property
    def _party_indexes(self) -> dict[str | None, "PartyIndex"]:
        return {}

    def party_mentions(self, text: str) -> list[PartyMention]:
        return self.party_index().mentions(text)

    def party_named(self, name: str | None) -> Party | None:
        return self.party_index().named(name)

    def is_party_alias(self, text: str) -> bool:
        return self.party_index().is_alias(text)

    @functools.cached_property
    def _speaker_index(self) -> tuple[dict[str, list[KnownSpeaker]], dict[str, list[KnownSpeaker]]]:
        """Full names and aliases -> terms; surname -> terms."""
        by_name: dict[str, list[KnownSpeaker]] = {}
        by_surname: dict[str, list[KnownSpeaker]] = {}
        for s in self.speakers:
            for name in {s.name, *s.aliases}:
                by_name.setdefault(name.casefold(), []).append(s)
            by_surname.setdefault(s.name.split()[-1].casefold(), []).append(s)
        return by_name, by_surname

    def _term(self, terms: list[KnownSpeaker], date: str | None) -> KnownSpeaker | None:
        """The term valid on ``date``; undated, the latest term."""
        valid = [s for s in terms if s.valid_on(date)]
        if valid:  # overlapping terms: the one begun last (a run in a party's primary) wins
            return max(valid, key=lambda s: s.valid_from or "")
        if date is None and terms:
            return max(terms, key=lambda s: s.valid_to or "9999")
        return None

    def _named(self, name: str, country: str | None) -> list[KnownSpeaker]:
        terms = self._speaker_index[0].get(name.casefold(), [])
        if not country:
            return terms
        local = [s for s in terms if s.country in (country, None)]
        if local or len({s.id for s in terms}) != 1:
            return local
        # a name only one person in the knowledge base has: Donald Trump in a British article
        return terms

    def known_speaker(self, name: str, date: str | None, country: str | None = None) -> KnownSpeaker | None:
        """The term, valid on ``date``, of the person with this full name or alias (of
        ``country``, when the article's country is known)."""
        terms = self._named(name, country)
        people = {s.id for s in terms}
        if len(people) > 1:  # two people share this name: only one valid on the date will do
            valid = {s.id for s in terms if s.valid_on(date)}
            if len(valid) != 1:
                return None
            terms = [s for s in terms if s.id in valid]
        return self._term(terms, date)

    def known_person(self, name: str, date: str | None, country: str | None = None) -> KnownSpeaker | None:
        """The person with this full name (two words or more) or alias, as of ``date``, whatever
        their party then: the term valid on the date, else their nearest term."""
        if len(name.split()) < 2:
            return None
        found = self.known_speaker(name, date, country)
        if found is not None:
            return found
        terms = self._named(name, country)
        if len({s.id for s in terms}) != 1:
            return None
        return min(terms, key=lambda s: abs(_days(s.valid_from, date)))

    def party_on(self, person: KnownSpeaker, date: str | None) -> tuple[str | None, str]:
        """A known person's party on ``date`` and how it was decided.

        The term valid on the date; outside their terms (a candidate before taking office, a
        former officeholder), the one party they always had, else the party of their latest term
        before the date.
        """
        terms = [s for s in self._speaker_index[0].get(person.name.casefold(), []) if s.id == person.id]
        valid = [s for s in terms if s.valid_on(date)]
        if valid and valid[-1].party:
            return valid[-1].party, "term"
        parties = {s.party for s in terms if s.party}
        if len(parties) == 1:
            return parties.pop(), "only party"
        earlier = [s for s in terms if s.party and date and (s.valid_from or "") <= date]
        if earlier:
            return max(earlier, key=lambda s: s.valid_from or "").party, "latest term before"
        return None, "none"

    def is_surname(self, word: str) -> bool:
        """Some known person has this surname."""
        return word.casefold() in self._speaker_index[1]

    def only_person_with_surname(self, surname: str, date: str | None,
                                 country: str | None = None) -> KnownSpeaker | None:
        """The one known person with this surname in office on ``date`` (or, when nobody is, within
        two years of it: a candidate before taking office); None when several fit."""
        if date is None:
            return None
        terms = self._speaker_index[1].get(surname.casefold(), [])
        if country:
            terms = [s for s in terms if s.country in (country, None)]
        valid = [s for s in terms if s.valid_on(date)]
        if not valid:
            valid = [s for s in terms if abs(_days(s.valid_from, date)) <= 730
                     or (s.valid_to and abs(_days(s.valid_to, date)) <= 730)]
        return valid[0] if len({s.id for s in valid}) == 1 else None


def _days(day: str | None, date: str | None) -> int:
    if not day or not date:
        return 0
    return (dt.date.fromisoformat(day) - dt.date.fromisoformat(date)).days


class PartyIndex:
    """Find parties in text. An alias several parties share ("Green Party") means the party of
    the article's country; a foreign party's everyday word ("Congress" in a US article, "Labour"
    in an Indian one) means no party at all, while its full name or initials still do."""

    def __init__(self, parties: list[Party], country: str | None = None):
        self.country = country
        by_alias: dict[str, list[Party]] = {}
        for party in parties:
            for alias in (party.name, party.abbreviation, *party.aliases):
                if alias and party not in by_alias.get(alias, []):
                    by_alias.setdefault(alias, []).append(party)
        self.index: dict[str, Party] = {}
        for alias, found in by_alias.items():
            chosen = self._choose(alias, found)
            if chosen is not None:
                self.index[alias] = chosen
        self._folded = {alias.casefold(): party for alias, party in reversed(list(self.index.items()))}
        # Longest first, so "Nationalist Congress Party" wins over "Congress". An alias ending
        # in "-" is a prefix before a state: "D-N.Y.", "R-Ohio".
        words = "|".join(re.escape(a) for a in sorted(self.index, key=len, reverse=True)
                         if not a.endswith("-") and self.index[a].in_text)
        prefixes = "|".join(re.escape(a) for a in self.index if a.endswith("-"))
        pattern = rf"(?<![\w-])(?:{words})(?![\w])" + (rf"|(?<![\w-])(?:{prefixes})(?=[A-Z])" if prefixes else "")
        self.pattern = re.compile(pattern)

    def _choose(self, alias: str, parties: list[Party]) -> Party | None:
        if self.country is None:
            return parties[0]
        home = [p for p in parties if p.country in (self.country, None)]
        if home:
            return home[0]
        everyday_word = len(alias.split()) == 1 and not alias.isupper() and not alias.endswith("-")
        return None if everyday_word else parties[0]

    def mentions(self, text: str) -> list[PartyMention]:
        return [PartyMention(self.index[m.group()], m.start(), m.end(), m.group()) for m in self.pattern.finditer(text)]

    def named(self, name: str | None) -> Party | None:
        if not name:
            return None
        return self.index.get(name) or self._folded.get(name.casefold())

    def is_alias(self, text: str) -> bool:
        return text in self.index

    def is_clear_sign(self, alias: str) -> bool:
        """An alias that names its party unmistakably: a full name or initials."""
        return len(alias.split()) > 1 or alias.isupper()


@functools.lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return KnowledgeBase.load()
