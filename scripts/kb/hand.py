"""The hand-written rows: merged into the sourced person they name, or kept as they are."""
from __future__ import annotations

import csv
from pathlib import Path

from .common import Person, Term, conflicts, full_name_aliases, merge_terms, overlay_terms

HAND_CSV = Path(__file__).with_name("hand_speakers.csv")


def hand_people(path: Path = HAND_CSV) -> list[Person]:
    by_id: dict[str, Person] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            person = by_id.setdefault(row["id"], Person(
                row["id"], row["name"], row["country"], "hand", row["role"], row["gender"],
                [a for a in row["aliases"].split(";") if a]))
            person.terms.append(Term(row["party"], row["valid_from"] or None, row["valid_to"] or None))
    return list(by_id.values())


def _candidates(hand: Person, sourced: list[Person]) -> list[Person]:
    names = {hand.name.casefold(), *(a.casefold() for a in hand.aliases)}
    return [p for p in sourced if p.country == hand.country
            and (p.name.casefold() in names or any(a.casefold() in names for a in p.aliases))]


def merge_hand(hand_rows: list[Person], sourced: list[Person], log: list[str]) -> list[Person]:
    """Each hand person joins the one sourced person of that name whose parties agree with it; a
    hand row with a sourced person's id lays its terms over that person's."""
    kept = []
    by_id = {p.id: p for p in sourced}
    for hand in hand_rows:
        if hand.id in by_id:  # a correction of a sourced person: its terms win where they overlap
            person = by_id[hand.id]
            person.terms = overlay_terms(person.terms, hand.terms)
            person.source += "+hand"
            log.append(f"hand terms laid over {person.id}: {person.name}")
            continue
        agreeing = [p for p in _candidates(hand, sourced) if not any(conflicts(p, t) for t in hand.terms)]
        if len(agreeing) != 1:
            why = "no sourced person" if not agreeing else f"{len(agreeing)} sourced people"
            log.append(f"hand row kept as is: {hand.name} ({why} of that name agree with it)")
            kept.append(hand)
            continue
        person = agreeing[0]
        if person.name != hand.name:  # the name the project already uses stays canonical
            person.aliases = full_name_aliases(hand.name, [person.name, *person.aliases])
            person.name = hand.name
        person.aliases = full_name_aliases(person.name, [*person.aliases, *hand.aliases])
        person.terms = merge_terms(person.terms + hand.terms)
        person.role = hand.role or person.role
        person.gender = person.gender or hand.gender
        person.source += "+hand"
        log.append(f"hand row merged into {person.id}: {hand.name}")
    return kept
