"""What the name modules share: a mention, an entity, and how two forms of a name compare."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..parties import KnownSpeaker

_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_ORG_TYPES = {"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_MONTHS_DAYS = frozenset("""
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_INITIAL_RE = re.compile(r"^[A-Z]\.?$")
_APOSTROPHE_NAME_RE = re.compile(r"^(?:O|D|Mc|Mac)?['\u2019][A-Z][a-z]+$|^[A-Z]['\u2019][A-Z][a-z]+$")


_NAME_STOP_WORDS = frozenset({"will", "may"})  # Will Estrada, May
_HONORIFICS = frozenset("mr mrs ms miss mx dr shri smt sri shrimati".split())
_FUNCTION_POS = frozenset({"ADJ", "ADV", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "NUM"})


def norm_word(text: str) -> str:
    return text.lower().strip(".").replace("\u2019", "'")


@dataclass
class Mention:
    """A name as written (titles and roles split off), with what it stands for."""

    span: Span
    name: str
    kind: str = "other"  # person, organisation, party, place, other
    title: str | None = None  # the title word just before it: mr, sen, president ...
    entity: "Entity | None" = None

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def head(self) -> Token:
        """The syntactic head of the name (the token whose head lies outside it)."""
        for token in self.span:
            if not (self.span.start <= token.head.i < self.span.end) or token.head is token:
                return token
        return self.span[-1]

    @property
    def words(self) -> list[str]:
        return self.name.split()


@dataclass
class Entity:
    """One person (or organisation) of the article and every mention of them."""

    id: int
    canonical: str
    kind: str = "person"
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None
    known: KnownSpeaker | None = None
    aliases: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.canonical.split()[-1]

    @property
    def first(self) -> str:
        return self.canonical.split()[0]


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _abbreviates(short: str, initials: str) -> bool:
    """``KTR`` for K T Rama Rao: the same first and last initial, the rest in order."""
    if not initials or short[0] != initials[0] or short[-1] != initials[-1]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in short)


def _is_initial(word: str) -> bool:
    letters = word.replace(".", "")
    return bool(letters) and letters.isupper() and len(letters) <= 3 and letters.isalpha()


def compatible_names(short: list[str], full: list[str]) -> bool:
    """``short`` can be a shorter way of writing ``full``: same surname, compatible first names
    (equal, or an initial of it), and nothing in between that the full name lacks; or the full
    name with its leading initials dropped (``Deve Gowda`` for ``H. D. Deve Gowda``)."""
    if not short or not full or short[-1].lower() != full[-1].lower():
        return False
    if len(short) == 1:
        return True
    lead = 0
    while lead < len(full) - 1 and _is_initial(full[lead]):
        lead += 1
    if lead and [w.lower() for w in full[lead:]] == [w.lower() for w in short]:
        return True
    first_s, first_f = short[0].rstrip("."), full[0].rstrip(".")
    if first_s.lower() != first_f.lower() and not (len(first_s) == 1 and first_f[:1].upper() == first_s.upper()):
        return False
    middle_f = {w.lower().rstrip(".") for w in full[1:-1]}
    return all(w.lower().rstrip(".") in middle_f or len(w.rstrip(".")) == 1 for w in short[1:-1])


