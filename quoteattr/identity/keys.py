"""From each quote's extracted speaker to an identity key: what one name means in its context.

A key is the unit identity assigns as a whole. A full name is one key across the corpus (with
the knowledge base's person id when known: two people of one name are two keys); a name
written alone (``Clinton``) is one key per article, since each article's ``Clinton`` may be
someone else; organisations, publications and anonymous groups are keyed by their name. What
is no speaker at all (a place, a dateline, a headline fragment) gets a key of kind
``rejected``, so the quote is never asked about again.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..lexicon import first_name_genders
from ..parties import KnowledgeBase
from .names import Name, NameCheck, anonymous_group, check_person_name, completed_name, determiner_not_initial, \
    fold, leading_non_name, parse_name, role_before_name, title_gender

KB_EVIDENCE = "knowledge base:"
_DEMONYM_ENDINGS = ("ans", "ites", "ists")


def _personal(name: str) -> bool:
    """Looks like a person's full name: a known first name, then a capitalised surname."""
    words = name.split()
    return len(words) > 1 and fold(words[0]) in first_name_genders() and words[-1][:1].isupper()


@dataclass(frozen=True)
class QuoteInput:
    """What extraction found about a quote's speaker, as stored."""

    id: str
    article_id: str
    date: str | None
    alias: str | None  # the speaker's name as extraction gave it
    kind: str | None  # person, organisation, publication, anonymous
    person_id: str | None
    name_forms: tuple[str, ...] | None  # None: stored before name forms were kept
    party_id: str | None  # the party extraction found (article words or knowledge base)
    party_evidence: str | None
    role: str | None
    evidence: str | None

    @property
    def article_party(self) -> str | None:
        """The party the article's own words give the speaker (not the knowledge base's)."""
        if self.party_id and self.party_evidence and not self.party_evidence.startswith(KB_EVIDENCE):
            return self.party_id
        return None


@dataclass
class Key:
    sig: str
    kind: str  # person, organisation, publication, anonymous, rejected
    name: str  # the name as written (cleaned), or the group's words
    parsed: Name | None = None
    person_id: str | None = None
    article_id: str | None = None  # for a name written alone: the article it is read in
    quotes: list[QuoteInput] = field(default_factory=list)
    how: str = ""  # how the key was read, then how it was resolved

    @property
    def single(self) -> bool:
        return self.kind == "person" and self.parsed is not None and self.parsed.single

    @property
    def dates(self) -> list[str]:
        return sorted(q.date for q in self.quotes if q.date)

    @property
    def gender(self) -> str | None:
        found = {g for q in self.quotes if (g := title_gender(q.role))}
        return found.pop() if len(found) == 1 else None

    @property
    def article_parties(self) -> Counter:
        return Counter(q.article_party for q in self.quotes if q.article_party)


def _party_people(q: QuoteInput, kb: KnowledgeBase) -> str | None:
    """``an Iowa Democrat``, ``some Democrats``: people of a party, unnamed, not the party."""
    for word in (q.alias, q.party_evidence):
        if not word or not word[:1].isupper() or " " in word.strip():
            continue
        party = kb.party_named(word)
        if party is None or word in (party.name, party.abbreviation):
            continue
        label = anonymous_group(word, q.evidence)
        if label:
            return label
    return None


class KeyReader:
    """Reads keys from quote inputs; ``article_text(article_id)`` gives an article's text when a
    name needs its context ("A Clinton" read from "A Clinton aide said")."""

    def __init__(self, kb: KnowledgeBase, article_text: Callable[[str], str | None], corpus_surnames: set[str]):
        self.kb, self.article_text, self.corpus_surnames = kb, article_text, corpus_surnames
        self._checks: dict[str, NameCheck] = {}
        self._kb_ids: dict[tuple[str, str | None], str | None] = {}

    def is_surname(self, word: str) -> bool:
        return word in self.corpus_surnames or self.kb.is_surname(word)

    def _check(self, name: str) -> NameCheck:
        if name not in self._checks:
            self._checks[name] = check_person_name(name, self.is_surname)
        return self._checks[name]

    def _kb_id(self, name: str, date: str | None) -> str | None:
        """The knowledge base's person for a full name, for quotes stored before extraction kept it."""
        if (name, date) not in self._kb_ids:
            known = self.kb.known_person(name, date)
            self._kb_ids[name, date] = known.id if known is not None else None
        return self._kb_ids[name, date]

    def read(self, q: QuoteInput) -> tuple[str, dict]:
        """The key signature of a quote's speaker and the key's attributes."""
        if q.kind == "anonymous" and not q.alias:
            words = re.sub(r"^(?:the|a|an)\s+", "", (q.role or "unnamed source").strip(), flags=re.I)
            return self._group(words.lower(), "an anonymous source")
        if q.kind in ("organisation", "publication"):
            return self._organisation(q)
        return self._person(q, q.alias or "")

    def _group(self, words: str, how: str) -> tuple[str, dict]:
        return f"anonymous|{fold(words)}|", {"kind": "anonymous", "name": words, "how": how}

    def _organisation(self, q: QuoteInput) -> tuple[str, dict]:
        name = re.sub(r"^the\s+", "", q.alias or "", flags=re.I).strip()
        people = _party_people(q, self.kb)
        if people:  # "Some Democrats said": people of a party, not the party speaking
            return self._group(people, f"'{people}' are unnamed people of a party, not the party")
        words = name.split()
        if q.kind == "organisation" and self.kb.party_named(name) is None and words and words[0][:1].isupper():
            if len(words) == 1 and fold(words[0]) in self.corpus_surnames:
                return self._person(q, name, how="taken for an organisation by the parse; a surname in the corpus")
            if len(words) > 1 and _personal(name) and self._check(name).kind == "person":
                return self._person(q, name, how="taken for an organisation by the parse; a personal name")
            if len(words) == 1 and name.endswith(_DEMONYM_ENDINGS):
                return self._group(name, f"'{name}' names a people, not an organisation")
        return f"{q.kind}|{fold(name)}|", {"kind": q.kind, "name": name, "how": q.kind}

    def _person(self, q: QuoteInput, name: str, how: str = "") -> tuple[str, dict]:
        if name.startswith("A "):
            name = determiner_not_initial(name, self.article_text(q.article_id)) or name
        name = leading_non_name(name) or role_before_name(name) or name
        if len(name.split()) == 1 and q.role or len(name.split()) > 1 and len(name.split()[-1]) <= 4:
            name = completed_name(name, q.role, self.article_text(q.article_id)) or name
        check = self._check(name)
        if check.kind == "rejected":
            return f"rejected|{fold(name)}|", {"kind": "rejected", "name": name, "how": check.reason}
        if check.kind == "anonymous":
            return self._group(check.name, check.reason)
        if check.kind == "organisation":
            return f"organisation|{fold(check.name)}|", {"kind": "organisation", "name": check.name,
                                                          "how": check.reason}
        parsed = parse_name(check.name)
        if parsed.single:
            return (f"person|{parsed.surname}|{q.article_id}",
                    {"kind": "person", "name": parsed.text, "parsed": parsed, "article_id": q.article_id,
                     "how": how or "a name written alone"})
        person_id = q.person_id
        if person_id is None and q.name_forms is None:
            person_id = self._kb_id(check.name, q.date)
        return (f"person|{parsed.key}|{person_id or ''}",
                {"kind": "person", "name": parsed.text, "parsed": parsed, "person_id": person_id,
                 "how": how or (f"knowledge base id {person_id}" if person_id else "a full name")})


def read_keys(quotes: list[QuoteInput], kb: KnowledgeBase, article_text: Callable[[str], str | None]) -> list[Key]:
    """Every quote with a speaker, grouped under its key."""
    # Surnames of names that look like people's (a known first name, or the knowledge base's
    # person): "Trump Tower" must not make "tower" a surname.
    corpus_surnames = set()
    for q in quotes:
        if q.kind in ("person", "organisation") and q.alias and len(q.alias.split()) > 1:
            parsed = parse_name(q.alias)
            if q.person_id or _personal(q.alias):
                corpus_surnames.add(parsed.surname)
    reader = KeyReader(kb, article_text, corpus_surnames)
    keys: dict[str, Key] = {}
    for q in quotes:
        if not (q.alias or q.kind == "anonymous"):
            sig, attrs = "rejected||", {"kind": "rejected", "name": "", "how": "a kind of speaker without a name"}
        else:
            sig, attrs = reader.read(q)
        if sig not in keys:
            keys[sig] = Key(sig, **attrs)
        keys[sig].quotes.append(q)
    return list(keys.values())
