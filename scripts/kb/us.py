"""US members of Congress, presidents and vice presidents from unitedstates/congress-legislators.

The snapshot's legislators-historical.yaml is too large to be had here, so people who have left
Congress come from the repository's own history: legislators-current.yaml at the end of every
month since 2012 holds each then-sitting member with all of their terms.
"""
from __future__ import annotations

import yaml

from .common import Person, Snapshot, Term, full_name_aliases, git

EARLIEST_END = "1977-01-01"
PARTIES = {"Democrat": "Democratic Party", "Republican": "Republican Party", "Independent": "Independent",
           "Libertarian": "Libertarian Party", "Popular Democrat": "Popular Democratic Party",
           "New Progressive": "New Progressive Party"}
STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "DC": "the District of Columbia", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "the U.S. Virgin Islands", "AS": "American Samoa", "MP": "the Northern Mariana Islands",
}
TERRITORIES = {"DC", "PR", "GU", "VI", "AS", "MP"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def role_of(term: dict) -> str:
    kind, state = term["type"], term.get("state", "")
    if kind == "prez":
        return "President of the United States"
    if kind == "viceprez":
        return "Vice President of the United States"
    place = STATES.get(state, state)
    if kind == "sen":
        return f"U.S. Senator from {place}"
    if state == "PR":
        return "Resident Commissioner of Puerto Rico"
    if state in TERRITORIES:
        return f"Delegate to the U.S. House from {place}"
    district = term.get("district") or 0
    seat = "at-large district" if district in (0, -1) else f"{_ordinal(int(district))} district"
    return f"U.S. Representative from {place}'s {seat}"


def names_of(entry: dict) -> tuple[str, list[str]]:
    """The name news uses (nickname, no suffix) and the other full forms."""
    n = entry["name"]
    first, last, middle, suffix = n.get("first", ""), n.get("last", ""), n.get("middle", ""), n.get("suffix", "")
    canonical = f"{n.get('nickname') or first} {last}".strip()
    forms = [n.get("official_full"), f"{first} {last}"]
    if middle:
        forms += [f"{first} {middle[0]}. {last}", f"{first} {middle} {last}"]
    if suffix:
        forms += [f"{canonical} {suffix}", f"{first} {last} {suffix}"]
    forms += [f"{first} {other['last']}" for other in entry.get("other_names", []) if other.get("last")]
    return canonical, full_name_aliases(canonical, forms)


def party_terms(term: dict) -> list[tuple[str, str, str]]:
    """(party, start, end) of one term, split where the member changed party during it."""
    if term.get("party_affiliations"):
        return [(a["party"], a["start"], a["end"]) for a in term["party_affiliations"]]
    return [(term.get("party", ""), term["start"], term["end"])]


def month_end_revisions(snap: Snapshot, path: str) -> list[str]:
    """The last commit touching ``path`` in each month, newest first."""
    seen, revisions = set(), []
    for line in git(snap.git_dir, "log", "--format=%H %cs", snap.commit, "--", path).splitlines():
        commit, date = line.split()
        if date[:7] not in seen:
            seen.add(date[:7])
            revisions.append(commit)
    return revisions


def _key(entry: dict) -> str | None:
    """GovTrack ids are there from a member's first day; bioguide ids come later."""
    ident = entry["id"]
    return str(ident.get("govtrack") or ident.get("bioguide") or "") or None


def load_entries(snap: Snapshot) -> list[dict]:
    """Every legislator seen in a monthly snapshot (latest record wins) and every executive."""
    by_key: dict[str, dict] = {}
    for rev in month_end_revisions(snap, "legislators-current.yaml"):
        for entry in yaml.load(snap.show("legislators-current.yaml", rev), Loader=yaml.CSafeLoader):
            if _key(entry):
                by_key.setdefault(_key(entry), entry)
    for entry in yaml.load(snap.show("executive.yaml"), Loader=yaml.CSafeLoader):
        key = _key(entry)
        if key in by_key:
            by_key[key] = {**by_key[key], "terms": by_key[key]["terms"] + entry["terms"]}
        else:
            by_key[key] = entry
    return list(by_key.values())


def person_of(entry: dict, today: str, unknown: set[str]) -> Person | None:
    terms = sorted(entry["terms"], key=lambda t: t["start"])
    if not any(t["end"] >= EARLIEST_END for t in terms):
        return None
    ident = entry["id"]
    pid = f"bioguide:{ident['bioguide']}" if ident.get("bioguide") else f"govtrack:{ident['govtrack']}"
    name, aliases = names_of(entry)
    gender = {"M": "m", "F": "f"}.get(entry.get("bio", {}).get("gender", ""), "")
    person = Person(pid, name, "US", "congress-legislators", role_of(terms[-1]), gender, aliases)
    n = entry["name"]
    person.given, person.family = ("" if n.get("nickname") else n.get("first", "")), n.get("last", "")
    for term in terms:
        for label, start, end in party_terms(term):
            if end < EARLIEST_END:
                continue
            party = PARTIES.get(label)
            if party is None:
                unknown.add(label)
                continue
            person.terms.append(Term(party, start, None if end >= today else end))
    return person if person.terms else None


def disambiguate(pairs: list[tuple[Person, dict]]) -> None:
    """Two people of one name (George Bush and George Bush) get their middle initials."""
    by_name: dict[str, list[tuple[Person, dict]]] = {}
    for person, entry in pairs:
        by_name.setdefault(person.name, []).append((person, entry))
    for name, same in by_name.items():
        if len(same) < 2:
            continue
        for person, entry in same:
            middle = entry["name"].get("middle", "")
            initials = " ".join(f"{w[0]}." for w in middle.replace(".", " ").split() if w[0].isalpha())
            if initials:
                first, last = name.rsplit(" ", 1)
                person.name = f"{first} {initials} {last}"
                person.aliases = full_name_aliases(person.name, [name, *person.aliases])


def people(snap: Snapshot, today: str) -> tuple[list[Person], set[str]]:
    unknown: set[str] = set()
    pairs = [(person_of(entry, today, unknown), entry) for entry in load_entries(snap)]
    pairs = [(p, e) for p, e in pairs if p]
    disambiguate(pairs)
    return [p for p, _ in pairs], unknown
