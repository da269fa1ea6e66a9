"""Joining a record that carries only a name to the one known person of that name and country."""
from __future__ import annotations

from collections import defaultdict

from .common import Person, Term, conflicts, full_name_aliases, merge_terms


class NameIndex:
    """Full names and aliases (case-folded) -> people, for one country."""

    def __init__(self, people: list[Person], country: str):
        self.country = country
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in people:
            self.add(person)

    def add(self, person: Person) -> None:
        if person.country != self.country:
            return
        for name in {person.name.casefold(), *(a.casefold() for a in person.aliases)}:
            if person not in self.by_name[name]:
                self.by_name[name].append(person)

    def find(self, names: list[str]) -> list[Person]:
        """Everyone whose name or alias is one of ``names``."""
        found: list[Person] = []
        for name in names:
            for person in self.by_name.get(name.casefold(), []):
                if person not in found:
                    found.append(person)
        return found


def add_term(person: Person, term: Term, role: str = "") -> bool:
    """Adds ``term`` where it contradicts none of the person's known terms; a role comes with
    it when the term is the person's latest. Returns whether the term was added."""
    if conflicts(person, term):
        return False
    latest = max((t.start or "" for t in person.terms), default="")
    person.terms = merge_terms(person.terms + [term])
    if role and (term.start or "") >= latest:
        person.role = role
    return True


def adopt_name(person: Person, name: str, aliases: list[str]) -> None:
    """``name`` (the form news use) becomes canonical; the old one stays an alias."""
    if name and name != person.name:
        person.aliases = full_name_aliases(name, [person.name, *person.aliases, *aliases])
        person.name = name
    else:
        person.aliases = full_name_aliases(person.name, [*person.aliases, *aliases])
