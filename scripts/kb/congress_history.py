"""US members of Congress who left before September 2012, with their party in every Congress.

The monthly legislators-current.yaml of congress-legislators only reaches back to 2012, and its
legislators-historical.yaml is over the fetch's file limit. Two smaller files fill the gap:
congress-legislators' own CSV form of the historical file (gh-pages branch: names, gender, last
seat, bioguide id, but no dates) and FiveThirtyEight's congress-terms.csv (one row per member and
Congress from 1947 to February 2014: bioguide id, chamber, state, party, first day). Members are
joined by bioguide id; a member already known from the YAML history keeps those records.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from .common import Person, Snapshot, Term, full_name_aliases, git
from .join import adopt_name
from .us import EARLIEST_END, STATES, names_of, role_of

HISTORICAL_CSV = "legislators-historical.csv"
CSV_BRANCH = "gh-pages"
TERMS_CSV = "congress-age/congress-terms.csv"
PARTY_CODES = {"D": "Democratic Party", "R": "Republican Party", "I": "Independent",
               "ID": "Independent"}  # ID: an independent caucusing with the Democrats (Lieberman)


def congress_end(number: int) -> str:
    """The 113th Congress sat until 3 January 2015 (since 1935 every Congress ends on 3 January)."""
    return f"{1789 + 2 * number}-01-03"


def branch_commit(snap: Snapshot, branch: str = CSV_BRANCH) -> str:
    return git(snap.git_dir, "rev-parse", branch).strip()


def historical_rows(congress: Snapshot) -> dict[str, dict]:
    text = congress.show(HISTORICAL_CSV, branch_commit(congress))
    return {row["bioguide_id"]: row for row in csv.DictReader(io.StringIO(text)) if row["bioguide_id"]}


def term_rows(fivethirtyeight: Snapshot) -> dict[str, list[dict]]:
    """Bioguide id -> that member's rows for Congresses ending on or after EARLIEST_END."""
    by_member: dict[str, list[dict]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(fivethirtyeight.show(TERMS_CSV))):
        if row["bioguide"] and congress_end(int(row["congress"])) >= EARLIEST_END:
            by_member[row["bioguide"]].append(row)
    return by_member


def _entry(row: dict) -> dict:
    """A historical CSV row in the shape of a YAML entry, for us.names_of and us.role_of."""
    name = {"first": row["first_name"], "last": row["last_name"], "middle": row["middle_name"],
            "suffix": row["suffix"], "nickname": row["nickname"], "official_full": row["full_name"]}
    return {"name": {k: v for k, v in name.items() if v}}


def _name_from_terms(rows: list[dict]) -> dict:
    last = rows[-1]
    return {"name": {k: v for k, v in {"first": last["firstname"], "middle": last["middlename"],
                                         "last": last["lastname"], "suffix": last["suffix"]}.items() if v}}


def _role(historical: dict | None, last: dict) -> str:
    if historical and historical["type"] in ("sen", "rep"):
        district = historical["district"]
        return role_of({"type": historical["type"], "state": historical["state"],
                        "district": int(district) if district.lstrip("-").isdigit() else 0})
    if last["chamber"] == "senate":
        return role_of({"type": "sen", "state": last["state"]})
    return f"U.S. Representative from {STATES.get(last['state'], last['state'])}"


def person_of(bioguide: str, rows: list[dict], historical: dict | None, skipped: list[str]) -> Person | None:
    rows.sort(key=lambda r: (int(r["congress"]), r["termstart"]))
    terms = []
    for row in rows:
        party = PARTY_CODES.get(row["party"])
        if party is None:
            skipped.append(f"{bioguide} {row['lastname']} {row['congress']}th Congress: party code {row['party']!r}")
            continue
        terms.append(Term(party, row["termstart"], congress_end(int(row["congress"]))))
    if not terms:
        return None
    entry = _entry(historical) if historical else _name_from_terms(rows)
    name, aliases = names_of(entry)
    role = _role(historical, rows[-1])
    gender = {"M": "m", "F": "f"}.get((historical or {}).get("gender", ""), "")
    person = Person(f"bioguide:{bioguide}", name, "US", "congress-legislators+fivethirtyeight", role, gender,
                    aliases, terms)
    n = entry["name"]
    person.given, person.family = ("" if n.get("nickname") else n.get("first", "")), n.get("last", "")
    return person


SUFFIXES = {"jr.", "sr.", "jr", "sr", "ii", "iii", "iv"}


def wikipedia_titles(congress: Snapshot) -> dict[str, str]:
    """Bioguide id -> the member's English Wikipedia title without its disambiguation and suffix
    ('Chris Murphy (Connecticut politician)' -> 'Chris Murphy'): the name news use, where the
    official record says Christopher."""
    titles = {}
    for path in (HISTORICAL_CSV, "legislators-current.csv"):
        for row in csv.DictReader(io.StringIO(congress.show(path, branch_commit(congress)))):
            title = re.sub(r"\s*\(.*\)\s*$", "", row["wikipedia_id"]).replace(",", " ").split()
            while title and title[-1].lower() in SUFFIXES:
                title.pop()
            if row["bioguide_id"] and len(title) >= 2:
                titles[row["bioguide_id"]] = " ".join(title)
    return titles


def adopt_common_names(people: list[Person], titles: dict[str, str]) -> int:
    """Members take their Wikipedia title as canonical name when it ends with their family name
    and no other person of the country has it as canonical name (two Mike Rogerses keep the
    middle initials that tell them apart); the record's name stays an alias."""
    us = [p for p in people if p.country == "US"]
    wanted: dict[str, list[Person]] = defaultdict(list)
    for person in us:
        title = titles.get(person.id.removeprefix("bioguide:")) if person.id.startswith("bioguide:") else None
        if not title or title == person.name or re.search(r" [A-Z]\. ", title):
            continue  # 'Gale W. McGee': a middle initial is Wikipedia's disambiguation, not news use
        if person.family and title.casefold().endswith(person.family.casefold()):
            wanted[title.casefold()].append(person)
    taken = {p.name.casefold(): p for p in us}
    changed = 0
    for key, claimants in wanted.items():
        holder = taken.get(key)
        if len(claimants) != 1 or (holder is not None and holder is not claimants[0]):
            continue
        person = claimants[0]
        adopt_name(person, titles[person.id.removeprefix("bioguide:")], [])
        changed += 1
    return changed


def rename_clashes(new: list[Person], known: list[Person]) -> None:
    """A newcomer whose name a known member already has gets the middle initial the source
    gives (the known member keeps the name news use for them); the plain name stays an alias."""
    taken = {p.name.casefold() for p in known}
    for person in new:
        if person.name.casefold() not in taken:
            continue
        middle = [a for a in person.aliases if len(a.split()) == 3 and a.split()[1].endswith(".")]
        if middle:
            first, initial, last = middle[0].split()
            if person.name.split()[0] != first:
                middle = [f"{person.name.split()[0]} {initial} {last}"]
            plain, person.name = person.name, middle[0]
            person.aliases = full_name_aliases(person.name, [plain, *person.aliases])


def people(congress: Snapshot, fivethirtyeight: Snapshot, known: list[Person], log: list[str]) -> list[Person]:
    known_ids = {p.id for p in known}
    historical = historical_rows(congress)
    skipped: list[str] = []
    found = []
    for bioguide, rows in sorted(term_rows(fivethirtyeight).items()):
        if f"bioguide:{bioguide}" in known_ids:
            continue
        person = person_of(bioguide, rows, historical.get(bioguide), skipped)
        if person:
            found.append(person)
    rename_clashes(found, [p for p in known if p.country == "US"])
    log += [f"congress history: skipped {line}" for line in skipped]
    return found
