"""Members of the 15th-18th Lok Sabha from Vonter/india-representatives-activity (PRS India data).

PRS gives no person id, so records of one person in several Lok Sabhas are joined by name and
state (or by seat and matching first and last names); members of the 17th Lok Sabha also get
their Wikidata id from every-politician-scrapers/india-lok-sabha, matched by seat and name.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from .common import Person, PartyResolver, Snapshot, Term, ascii_fold, full_name_aliases, slug

LOK_SABHAS = ("15th", "16th", "17th", "18th")
# When each Lok Sabha ended (Wikidata's items for the 15th and 16th; the 17th was dissolved on
# 5 June 2024, after the Wikidata snapshot). A member "in office" sat until then.
DISSOLVED = {"15th": "2014-05-18", "16th": "2019-05-24", "17th": "2024-06-05", "18th": None}
STATE_NAMES = {"Orissa": "Odisha"}  # renamed in 2011
HONORIFICS = {"dr", "shri", "smt", "prof", "adv", "kumari", "sushri", "col", "capt", "ms", "mr", "mrs"}
PARTY_LABELS = {
    "Yuvajana Sramika Rythu Congress Party": "YSR Congress Party",
    "Lok Jan Shakti Party": "Lok Janshakti Party (Ram Vilas)",
    "Nationalist Congress Party Sharadchandra Pawar": "Nationalist Congress Party (Sharadchandra Pawar)",
    "Jammu and Kashmir National Conference": "Jammu & Kashmir National Conference",
    "All India Majlis-E-Ittehadul Muslimeen": "All India Majlis-e-Ittehadul Muslimeen",
    "All India Majlis-E-Ittehadul Muslimmen": "All India Majlis-e-Ittehadul Muslimeen",
    "Muslim League Kerala State Committee": "Indian Union Muslim League",
    "Assam United Democratic Front": "All India United Democratic Front",
    "Nagaland People's Front": "Naga People's Front",
    "Nagaland Peoples Front": "Naga People's Front",
    "National Peoples Party": "National People's Party",
    "United Peoples Party, Liberal": "United People's Party Liberal",
    "Communist Party of India (Marxist-Leninist) (Liberation)": "Communist Party of India (Marxist–Leninist) Liberation",
    "Jammu and Kashmir Peoples Democratic Party": "Jammu and Kashmir Peoples Democratic Party",
}


@dataclass
class Record:
    name: str
    aliases: tuple[str, ...]
    seat: str
    state: str
    party: str
    start: str
    end: str | None
    gender: str
    house: str


def parse_date(text: str) -> str | None:
    text = text.strip()
    for fmt in ("%d-%m-%Y", "%d %b %y", "%d-%b-%y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def split_name(raw: str) -> tuple[str, tuple[str, ...]]:
    """'Babul Supriya Baral (Babul Supriyo)' -> the bracketed popular name first; honorifics off."""
    raw = re.sub(r"\s+", " ", raw).strip()
    forms = [raw]
    bracket = re.match(r"^(.*?)\s*\((.+)\)\s*$", raw)
    if bracket:
        forms = [bracket.group(2), bracket.group(1)]
    cleaned = []
    for form in forms:
        words = form.split()
        while len(words) > 1 and words[0].rstrip(".").lower() in HONORIFICS:
            words = words[1:]
        cleaned.append(" ".join(words))
    return cleaned[0], tuple(cleaned[1:])


def tokens(name: str) -> list[str]:
    return re.sub(r"[^a-z ]+", " ", ascii_fold(name).lower()).split()


def read_records(snap: Snapshot, resolve: PartyResolver) -> list[Record]:
    records = []
    for house in LOK_SABHAS:
        text = snap.show(f"csv/Lok Sabha/{house}.csv")
        for row in csv.DictReader(io.StringIO(text), delimiter=";"):
            party = resolve(PARTY_LABELS.get(row["Party"], row["Party"]))
            start = parse_date(row["Start of Term"])
            if not party or not start:
                continue
            end = parse_date(row["End of Term"]) if row["End of Term"].lower() != "in office" else DISSOLVED[house]
            name, aliases = split_name(row["Name"])
            gender = {"Male": "m", "Female": "f"}.get(row["Gender"], "")
            state = STATE_NAMES.get(row["State"], row["State"])
            records.append(Record(name, aliases, row["Constituency"], state, party, start, end, gender, house))
    return records


def _same_seat_person(a: Record, b: Record) -> bool:
    """One seat, one first and last name: one person (whose state may have been split since).
    An initial is no first name: Y. S. Jagan Mohan Reddy and Y. S. Avinash Reddy held Kadapa."""
    ta, tb = tokens(a.name), tokens(b.name)
    return (bool(ta and tb) and tokens(a.seat) == tokens(b.seat) and len(ta[0]) > 1
            and ta[0] == tb[0] and ta[-1] == tb[-1])


def group_records(records: list[Record]) -> list[list[Record]]:
    parent = list(range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple[str, str], int] = {}
    for i, rec in enumerate(records):
        key = ("".join(tokens(rec.name)), rec.state.lower())
        if key in by_key:
            parent[find(i)] = find(by_key[key])
        else:
            by_key[key] = i
    # The same name and party in another state, never in the same Lok Sabha: one person who
    # moved seat (Rahul Gandhi: Amethi, then Wayanad, then Rae Bareli).
    by_name: dict[tuple[str, str], list[int]] = {}
    for i, rec in enumerate(records):
        by_name.setdefault(("".join(tokens(rec.name)), rec.party), []).append(i)
    for members in by_name.values():
        roots: dict[int, set[str]] = {}
        for i in members:
            roots.setdefault(find(i), set()).add(records[i].house)
        if len(roots) > 1 and sum(len(h) for h in roots.values()) == len(set().union(*roots.values())):
            first = next(iter(roots))
            for other in roots:
                parent[find(other)] = find(first)
    by_seat: dict[str, list[int]] = {}
    for i, rec in enumerate(records):
        by_seat.setdefault(" ".join(tokens(rec.seat)), []).append(i)
    for members in by_seat.values():
        for i in members:
            for j in members:
                if i < j and _same_seat_person(records[i], records[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[Record]] = {}
    for i, rec in enumerate(records):
        groups.setdefault(find(i), []).append(rec)
    return list(groups.values())


def wikidata_ids(snap: Snapshot | None) -> dict[str, list[tuple[str, list[str]]]]:
    """Seat (normalised) -> [(Wikidata id, name tokens)] for the 17th Lok Sabha."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    if snap is None:
        return found
    for row in csv.DictReader(io.StringIO(snap.show("wikidata/results/current-members.csv"))):
        found.setdefault(" ".join(tokens(row["constituency"])), []).append((row["item"], tokens(row["name"])))
    return found


def _wikidata_id(group: list[Record], wikidata: dict) -> str | None:
    for rec in group:
        if rec.house != "17th":
            continue
        mine = set(tokens(rec.name))
        for item, name_tokens in wikidata.get(" ".join(tokens(rec.seat)), []):
            if len(mine & set(name_tokens)) >= min(2, len(mine)):
                return item
    return None


def person_of(group: list[Record], wikidata: dict, used: set[str]) -> Person:
    group.sort(key=lambda r: r.start)
    latest = group[-1]
    item = _wikidata_id(group, wikidata)
    pid = f"wikidata:{item}" if item else f"prs:{slug(latest.name)}-{slug(latest.state)}"
    while pid in used:
        pid += "-2"
    used.add(pid)
    forms = [f for rec in reversed(group) for f in (rec.name, *rec.aliases)]
    role = f"Member of the Lok Sabha for {latest.seat}"
    person = Person(pid, latest.name, "IN", "prs-lok-sabha" + ("+wikidata" if item else ""), role,
                    latest.gender, full_name_aliases(latest.name, forms))
    person.terms = [Term(rec.party, rec.start, rec.end) for rec in group]
    return person


def people(prs: Snapshot, wikidata: Snapshot | None, resolve: PartyResolver) -> list[Person]:
    records = read_records(prs, resolve)
    ids, used = wikidata_ids(wikidata), set()
    return [person_of(group, ids, used) for group in group_records(records)]
