"""The hand-written rows: merged into the sourced person they name, or kept as they are.

``hand_speakers.csv`` has the columns of speakers.csv but ``source``, and a ``note`` for the
reader (where a fact comes from, why a date is the first of a month) that the build ignores.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from .common import Person, Term, conflicts, full_name_aliases, merge_terms, overlay_terms

HAND_CSV = Path(__file__).with_name("hand_speakers.csv")
COLUMNS = ["id", "name", "aliases", "party", "role", "valid_from", "valid_to", "gender", "country"]
# Leading initials as Indian news writes them: "M. K.", "M.K.", "M K", "MK" (two or three
# capitals without dots only when the name itself is written with initials).
_INITIAL = re.compile(r"^(?:[A-Z]\.)+[A-Z]?\.?$|^[A-Z]$")


def _end_key(term: Term) -> tuple[str, str]:
    return (term.end or "9999-12-31", term.start or "")


def _check_date(value: str, path: Path, line: int) -> str | None:
    if not value:
        return None
    try:
        if dt.date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise SystemExit(f"{path}, line {line}: {value!r} is no ISO date (YYYY-MM-DD)")


def initial_forms(name: str) -> list[str]:
    """The other ways news writes a name's leading initials: "M. K. Stalin" -> "M.K. Stalin",
    "M K Stalin", "MK Stalin"; a name without leading initials has none."""
    words = name.split()
    letters: list[str] = []
    while len(words) > 1 and _INITIAL.match(words[0]):
        letters += re.findall(r"[A-Z]", words.pop(0))
    if not letters or not words:
        return []
    rest = " ".join(words)
    forms = [" ".join(f"{c}." for c in letters), "".join(f"{c}." for c in letters),
             " ".join(letters), "".join(letters)]
    return [f"{initials} {rest}" for initials in dict.fromkeys(forms)]


def hand_people(path: Path = HAND_CSV) -> list[Person]:
    by_id: dict[str, Person] = {}
    role_of: dict[str, tuple[tuple[str, str], str]] = {}  # the role of each person's latest row
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{path}: missing columns {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            term = Term(row["party"], _check_date(row["valid_from"], path, line),
                        _check_date(row["valid_to"], path, line))
            if term.start and term.end and term.end < term.start:
                raise SystemExit(f"{path}, line {line}: valid_to is before valid_from")
            person = by_id.setdefault(row["id"], Person(
                row["id"], row["name"], row["country"], "hand", row["role"], row["gender"],
                [a for a in row["aliases"].split(";") if a]))
            person.terms.append(term)
            if row["id"] not in role_of or _end_key(term) >= role_of[row["id"]][0]:
                role_of[row["id"]] = (_end_key(term), row["role"])
    for person in by_id.values():
        person.role = role_of[person.id][1] or person.role
        forms = [f for n in (person.name, *person.aliases) for f in (n, *initial_forms(n))]
        person.aliases = full_name_aliases(person.name, forms)
    return list(by_id.values())


def unknown_parties(hand_rows: list[Person], party_names: set[str]) -> list[str]:
    """Parties of hand rows that are no ``name`` of parties.csv (the build stops on them)."""
    return sorted({f"{p.name}: {t.party}" for p in hand_rows for t in p.terms
                   if t.party not in party_names})


def _candidates(hand: Person, sourced: list[Person]) -> list[Person]:
    names = {hand.name.casefold(), *(a.casefold() for a in hand.aliases)}
    return [p for p in sourced if p.country == hand.country
            and (p.name.casefold() in names or any(a.casefold() in names for a in p.aliases))]


def _adopt_names(person: Person, hand: Person) -> None:
    """The hand row's name becomes canonical (the form news uses); the source's stays an alias."""
    if person.name != hand.name:
        person.aliases = full_name_aliases(hand.name, [person.name, *person.aliases])
        person.name = hand.name
    person.aliases = full_name_aliases(person.name, [*person.aliases, *hand.aliases])
    person.gender = person.gender or hand.gender
    person.source += "+hand"


def merge_hand(hand_rows: list[Person], sourced: list[Person], log: list[str]) -> list[Person]:
    """Each hand person joins the one sourced person of that name whose parties agree with it; a
    hand row with a sourced person's id lays its terms over that person's."""
    kept = []
    by_id = {p.id: p for p in sourced}
    for hand in hand_rows:
        if hand.id in by_id:  # a correction of a sourced person: its terms win where they overlap
            person = by_id[hand.id]
            latest_sourced = max((_end_key(t) for t in person.terms), default=("", ""))
            person.terms = overlay_terms(person.terms, hand.terms)
            # The role of whichever record reaches later (Sanders' campaigns end before his seat).
            if hand.role and max(_end_key(t) for t in hand.terms) >= latest_sourced:
                person.role = hand.role
            _adopt_names(person, hand)
            log.append(f"hand terms laid over {person.id}: {person.name}")
            continue
        agreeing = [p for p in _candidates(hand, sourced) if not any(conflicts(p, t) for t in hand.terms)]
        if len(agreeing) != 1:
            why = "no sourced person" if not agreeing else f"{len(agreeing)} sourced people"
            log.append(f"hand row kept as is: {hand.name} ({why} of that name agree with it)")
            kept.append(hand)
            continue
        person = agreeing[0]
        _adopt_names(person, hand)
        person.terms = merge_terms(person.terms + hand.terms)
        person.role = hand.role or person.role
        log.append(f"hand row merged into {person.id}: {hand.name}")
    return kept
