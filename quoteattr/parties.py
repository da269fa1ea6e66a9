"""Party knowledge base (editable CSV data) and party mentions in text."""
from __future__ import annotations

import csv
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


@dataclass(frozen=True)
class KnownSpeaker:
    name: str
    aliases: tuple[str, ...]
    party: str | None
    role: str | None
    valid_from: str | None
    valid_to: str | None

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
                    by_name[row["name"]] = Party(row["name"], row.get("abbreviation") or None, _split(row.get("aliases")), row.get("country") or None)
        speakers: list[KnownSpeaker] = []
        for path in [_bundled("speakers.csv"), *speaker_files]:
            for row in _rows(path):
                if row.get("name"):
                    speakers.append(KnownSpeaker(row["name"], _split(row.get("aliases")), row.get("party") or None, row.get("role") or None, row.get("valid_from") or None, row.get("valid_to") or None))
        return cls(list(by_name.values()), speakers)

    @functools.cached_property
    def _alias_index(self) -> tuple[re.Pattern, dict[str, Party]]:
        index: dict[str, Party] = {}
        for party in self.parties:
            for alias in (party.name, party.abbreviation, *party.aliases):
                if alias:
                    index.setdefault(alias, party)
        # Longest first, so "Nationalist Congress Party" wins over "Congress". An alias ending
        # in "-" is a prefix before a state: "D-N.Y.", "R-Ohio".
        words = "|".join(re.escape(a) for a in sorted(index, key=len, reverse=True) if not a.endswith("-"))
        prefixes = "|".join(re.escape(a) for a in index if a.endswith("-"))
        pattern = rf"(?<![\w-])(?:{words})(?![\w])" + (rf"|(?<![\w-])(?:{prefixes})(?=[A-Z])" if prefixes else "")
        return re.compile(pattern), index

    def party_mentions(self, text: str) -> list[PartyMention]:
        pattern, index = self._alias_index
        return [PartyMention(index[m.group()], m.start(), m.end(), m.group()) for m in pattern.finditer(text)]

    def party_named(self, name: str | None) -> Party | None:
        if not name:
            return None
        index = self._alias_index[1]
        if name in index:
            return index[name]
        folded = name.casefold()
        return next((p for alias, p in index.items() if alias.casefold() == folded), None)

    def is_party_alias(self, text: str) -> bool:
        return text in self._alias_index[1]

    def known_speaker(self, name: str, date: str | None) -> KnownSpeaker | None:
        matches = [s for s in self.speakers if name == s.name or name in s.aliases]
        return next((s for s in matches if s.valid_on(date)), None)


@functools.lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return KnowledgeBase.load()
