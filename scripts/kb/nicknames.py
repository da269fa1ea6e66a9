"""Everyday forms of formal given names: "Benjamin Cardin" is "Ben Cardin" in the news.

carltonnorthern/nicknames lists given names and their nicknames, but generously (genealogy
sources: Robert has "Bill", John has "Ian"). A nickname is kept for a given name only when it
is a short form of it ("Ben" of "Benjamin", "Chris" of "Christopher") or when members of
Congress with that given name are recorded going by it (congress-legislators' `nickname`:
"Jim" for "James", "Dick" for "Richard"). The forms become aliases, never canonical names.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

from .common import Person, Snapshot, full_name_aliases

MIN_PREFIX = 3  # "Ben", "Dan": shorter prefixes ("Al", "Ed") are too often other names


def observed_pairs(congress: Snapshot, branch: str = "gh-pages") -> Counter:
    """(given name, nickname) pairs as congress-legislators records them, lower-cased."""
    pairs: Counter = Counter()
    for path in ("legislators-historical.csv", "legislators-current.csv"):
        for row in csv.DictReader(io.StringIO(congress.show(path, branch))):
            if row["nickname"] and row["first_name"]:
                pairs[(row["first_name"].lower(), row["nickname"].lower())] += 1
    return pairs


def nickname_map(names: Snapshot, observed: Counter) -> dict[str, set[str]]:
    """Given name -> the nicknames kept for it (lower-cased)."""
    kept: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(io.StringIO(names.show("names.csv"))):
        if row["relationship"] != "has_nickname":
            continue
        given, nick = row["name1"].strip().lower(), row["name2"].strip().lower()
        short_form = len(nick) >= MIN_PREFIX and len(nick) < len(given) and given.startswith(nick)
        if short_form or observed[(given, nick)]:
            kept[given].add(nick)
    return kept


def forms(given: str, family: str, nicknames: dict[str, set[str]]) -> list[str]:
    """'Benjamin', 'Cardin' -> ['Ben Cardin', ...]."""
    if not given or not family:
        return []
    return [f"{nick.capitalize()} {family}" for nick in sorted(nicknames.get(given.lower(), ()))]


def add_aliases(people: list[Person], nicknames: dict[str, set[str]], others: list[Person] = ()) -> int:
    """Nickname forms as aliases of everyone whose source gave a formal given name only."""
    return add_forms(people, lambda p: forms(p.given, p.family, nicknames), others)


def first_last(person: Person) -> list[str]:
    """'Nitin Jairam Gadkari' -> ['Nitin Gadkari']: Indian records often put a father's or
    husband's name in the middle that news leave out. Names with initials are left as they are."""
    words = person.name.split()
    if len(words) < 3 or any(len(w.strip(".")) < 2 or w.endswith(".") for w in words):
        return []
    return [f"{words[0]} {words[-1]}"]


def add_forms(people: list[Person], make, others: list[Person] = ()) -> int:
    """Aliases ``make(person)`` for each person, except a form another person already goes by or
    that two people would get ("Bob Menendez" for Robert Menendez Jr.): it would make a name that
    was clear ambiguous."""
    taken: dict[str, set[str]] = defaultdict(set)
    for person in [*people, *others]:
        for name in (person.name, *person.aliases):
            taken[name.casefold()].add(person.id)
    wanted: dict[str, set[str]] = defaultdict(set)
    made = {person.id: make(person) for person in people}
    for person in people:
        for form in made[person.id]:
            wanted[form.casefold()].add(person.id)
    added = 0
    for person in people:
        new = [f for f in made[person.id] if len(wanted[f.casefold()]) == 1 and taken[f.casefold()] <= {person.id}]
        aliases = full_name_aliases(person.name, [*person.aliases, *new])
        added += len(aliases) - len(person.aliases)
        person.aliases = aliases
    return added
