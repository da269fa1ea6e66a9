"""UK MPs since the 2024 general election, from dfe-analytical-services/mp-lookup.

Its data/ holds the House of Commons' candidate-level results of 4 July 2024 (party at the
election) and its mp_lookup.csv, rewritten from the UK Parliament Members API about weekly since
July 2025, gives each sitting MP's party on each date it was written. A party change between two
of those dates is known only to have happened between them, so neither term covers that gap.
Genders come from Wikidata (every-politician-scrapers/united-kingdom-cabinet), matched by name.
"""
from __future__ import annotations

import csv
import io
import re

from .common import Person, PartyResolver, Snapshot, Term, full_name_aliases, git

RESULTS = "data/candidate-level-results-general-election-04-07-2024.csv"
LOOKUP = "mp_lookup.csv"
PARTY_LABELS = {"Labour (Co-op)": "Labour Party", "Liberal Democrats": "Liberal Democrats",
                "Liberal Democrat": "Liberal Democrats", "Green Party": "Green Party of England and Wales",
                "Alliance": "Alliance Party of Northern Ireland", "Speaker": "",
                "Social Democratic & Labour Party": "Social Democratic and Labour Party"}
TITLES = {"rt", "hon", "sir", "dame", "dr", "mr", "mrs", "ms", "miss", "lord", "lady", "prof", "professor"}


def plain_name(full_title: str) -> str:
    """'Rt Hon Sir Keir Starmer KCB KC MP' -> 'Keir Starmer'."""
    words = full_title.replace(".", "").split()
    while words and words[0].lower() in TITLES:
        words = words[1:]
    while words and (words[-1].isupper() and len(words[-1]) > 1 or words[-1] in ("MP",)):
        words = words[:-1]
    return " ".join(words)


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def election_winners(snap: Snapshot) -> dict[str, dict]:
    winners = {}
    for row in _rows(snap.show(RESULTS)):
        if row["Candidate result position"] == "1" and row["Election is by-election"] == "false":
            if row["Candidate MNIS ID"].isdigit():
                winners[row["Candidate MNIS ID"]] = row
    return winners


def lookup_history(snap: Snapshot) -> list[tuple[str, dict[str, dict]]]:
    """(date, member id -> row) for each day mp_lookup.csv was written, oldest first."""
    history, seen = [], set()
    log = git(snap.git_dir, "log", "--format=%H %cs", snap.commit, "--", LOOKUP).splitlines()
    for line in log:  # newest first: keep each day's last version
        commit, date = line.split()
        if date not in seen:
            seen.add(date)
            rows = _rows(snap.show(LOOKUP, commit))
            if rows and "member_id" in rows[0]:  # the first versions had no member id
                history.append((date, {r["member_id"]: r for r in rows if r["member_id"].isdigit()}))
    return history[::-1]


def wikidata_genders(snap: Snapshot | None) -> dict[str, str]:
    if snap is None:
        return {}
    genders: dict[str, set[str]] = {}
    for row in _rows(snap.show("html/legislators.csv")):
        if "Parliament of the United Kingdom" in row["position"]:
            genders.setdefault(row["person"], set()).add({"male": "m", "female": "f"}.get(row["gender"], ""))
    return {name: g.pop() for name, g in genders.items() if len(g) == 1}


def _timeline(member: str, winner: dict | None, history, resolve: PartyResolver) -> list[Term]:
    points = []
    if winner:
        points.append((winner["Election polling date"], resolve(PARTY_LABELS.get(winner["Main party name"],
                                                                                 winner["Main party name"]))))
    points += [(date, resolve(PARTY_LABELS.get(rows[member]["party_text"], rows[member]["party_text"])))
               for date, rows in history if member in rows]
    terms: list[Term] = []
    for date, party in points:
        if terms and terms[-1].party == party:
            terms[-1].end = date
        elif party:
            terms.append(Term(party, date, date))
        else:
            terms.append(Term("", date, date))  # no party (the Speaker): a gap
    latest = history[-1][1]
    if terms and member in latest:
        terms[-1].end = None
    return [t for t in terms if t.party]


def people(snap: Snapshot, wikidata: Snapshot | None, resolve: PartyResolver) -> list[Person]:
    winners, history, genders = election_winners(snap), lookup_history(snap), wikidata_genders(wikidata)
    members: dict[str, dict] = {}
    for _, rows in history:
        members.update(rows)
    found = []
    for member in sorted(set(winners) | set(members), key=int):
        row, winner = members.get(member), winners.get(member)
        result_name = f"{winner['Candidate given name']} {winner['Candidate family name']}" if winner else ""
        name = plain_name(row["display_as"]) if row else result_name  # 'Ms Diane Abbott' -> 'Diane Abbott'
        name = re.sub(r"\s+", " ", name).strip()
        aliases = full_name_aliases(name, [result_name, plain_name(row["full_title"]) if row else ""])
        seat = row["pcon_name"] if row else winner["Constituency name"]
        person = Person(f"ukparl:{member}", name, "UK", "uk-parliament", f"Member of Parliament for {seat}",
                        genders.get(name, ""), aliases, _timeline(member, winner, history, resolve))
        if person.terms:
            found.append(person)
    return found
