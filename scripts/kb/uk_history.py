"""UK MPs from 1997 to 2015 with their party, from mysociety/parlparse (TheyWorkForYou's data).

parlparse's `members/all-members.xml` (every Commons membership: name, seat, party, dates) is over
the fetch's file limit in every version since May 2010, so two older files are read: the last
version under the limit (February 2009: memberships from 1997, the 2005 Parliament's still open)
and `all-members-2010.xml` (the 2010-15 Parliament, with each member's UK Parliament id) at
the last commit before both files were replaced by people.json in April 2015. `people.xml` of
that commit groups memberships into people. Memberships of the 2005 Parliament still open in
February 2009 are taken to have lasted until its dissolution on 12 April 2010; party changes
between those dates are not known. A member with a UK Parliament id joins the MP of that id
from the 2024 data.
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from .common import Person, PartyResolver, Snapshot, Term, full_name_aliases, git, git_bytes, has_blob

ALL_MEMBERS = "members/all-members.xml"
ALL_MEMBERS_2010 = "members/all-members-2010.xml"
PEOPLE = "members/people.xml"
DISSOLUTION_2010 = "2010-04-12"
# parlparse's party codes; "" for no party (the Speaker, his deputies of Ways and Means)
PARTY_CODES = {
    "Lab": "Labour Party", "Lab/Co-op": "Labour Party", "Con": "Conservative Party",
    "LDem": "Liberal Democrats", "SNP": "Scottish National Party", "PC": "Plaid Cymru",
    "DUP": "Democratic Unionist Party", "SF": "Sinn Féin", "SDLP": "Social Democratic and Labour Party",
    "UUP": "Ulster Unionist Party", "Alliance": "Alliance Party of Northern Ireland",
    "Green": "Green Party of England and Wales", "UKIP": "UK Independence Party", "Res": "Respect Party",
    "UKUP": "UK Unionist Party", "Ind": "Independent", "Ind Con": "Independent", "Ind Lab": "Independent",
    "Ind UU": "Independent", "SPK": "", "CWM": "", "DCWM": "",
}


def _revision_before(snap: Snapshot, path: str, deleted: bool) -> str:
    """The last commit at which ``path`` is readable: before its deletion, or its last version
    that the fetch kept (blobs over the size limit are missing)."""
    if deleted:
        commit = git(snap.git_dir, "log", "--diff-filter=D", "--format=%H", snap.commit, "--", path).split()[0]
        return f"{commit}^"
    for commit in git(snap.git_dir, "log", "--format=%H", snap.commit, "--", path).split():
        if has_blob(snap.git_dir, f"{commit}:{path}"):
            return commit
    raise SystemExit(f"no readable version of {path} in {snap.git_dir}")


def _parse(snap: Snapshot, spec: str) -> ET.Element:
    return ET.fromstring(git_bytes(snap.git_dir, "show", spec))  # the XML declares its encoding


def memberships(snap: Snapshot) -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """Commons memberships, member id -> person id, and the revisions read (for SOURCES.md)."""
    old_rev = _revision_before(snap, ALL_MEMBERS, deleted=False)
    new_rev = _revision_before(snap, ALL_MEMBERS_2010, deleted=True)
    rows = []
    for rev, path in ((old_rev, ALL_MEMBERS), (new_rev, ALL_MEMBERS_2010)):
        for member in _parse(snap, f"{rev}:{path}").iter("member"):
            if member.get("house") == "commons":
                rows.append(dict(member.attrib))
    person_of = {}
    for person in _parse(snap, f"{new_rev}:{PEOPLE}").iter("person"):
        for office in person.iter("office"):
            person_of[office.get("id")] = person.get("id")
    revisions = {"all-members.xml": git(snap.git_dir, "rev-parse", old_rev).strip(),
                 "all-members-2010.xml and people.xml": git(snap.git_dir, "rev-parse", new_rev).strip()}
    return rows, person_of, revisions


def _term(row: dict, party: str) -> Term:
    end = row["todate"]
    if end.startswith("9999"):
        end = DISSOLUTION_2010
    return Term(party, row["fromdate"], end)


def wikidata_spans(wikidata: Snapshot | None) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Name (case-folded) -> Wikidata id -> (start, end) of each Commons membership, 1997-2022."""
    spans: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    if wikidata is None:
        return spans
    for row in csv.DictReader(io.StringIO(wikidata.show("html/legislators.csv"))):
        if re.fullmatch(r"Member of the \d+\w\w Parliament of the United Kingdom", row["position"]):
            spans[row["person"].casefold()][row["personID"]].append((row["start"], row["end"] or "9999"))
    return spans


def people(snap: Snapshot, known: list[Person], genders: dict[str, str], resolve: PartyResolver,
           log: list[str], wikidata: Snapshot | None = None) -> tuple[list[Person], dict[str, str]]:
    """New people, and terms added in place to the known MPs with the same UK Parliament id."""
    rows, person_of, revisions = memberships(snap)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[person_of.get(row["id"], row["id"])].append(row)
    by_id = {p.id: p for p in known}
    found = []
    for twfy, member_rows in sorted(grouped.items()):
        member_rows.sort(key=lambda r: r["fromdate"])
        mnis = next((r["datadotparl_id"] for r in reversed(member_rows) if r.get("datadotparl_id")), "")
        pid = f"ukparl:{mnis}" if mnis else f"twfy:{twfy.rsplit('/', 1)[-1]}"
        terms = []
        for row in member_rows:
            label = PARTY_CODES.get(row["party"])
            if label is None:
                log.append(f"parlparse: party code {row['party']!r} of {row['firstname']} {row['lastname']} unknown")
                continue
            if label and resolve(label):
                terms.append(_term(row, resolve(label)))
        if not terms:
            continue
        latest = member_rows[-1]
        name = re.sub(r"\s+", " ", f"{latest['firstname']} {latest['lastname']}").strip()
        forms = [f"{r['firstname']} {r['lastname']}" for r in member_rows]
        if pid in by_id:
            person = by_id[pid]
            person.terms += terms
            person.aliases = full_name_aliases(person.name, [*person.aliases, *forms])
            if "parlparse" not in person.source:
                person.source += "+parlparse"
            continue
        person = Person(pid, name, "UK", "parlparse", f"Member of Parliament for {latest['constituency']}",
                        genders.get(name, ""), full_name_aliases(name, forms), terms,
                        latest["firstname"], latest["lastname"])
        found.append(person)
    found = join_returning_members(found, [p for p in known if p.country == "UK"] + found,
                                   wikidata_spans(wikidata), log)
    return found, revisions


def _came_back(spans: dict[str, list[tuple[str, str]]], left: Term) -> bool:
    """Wikidata knows one person of this name who sat when ``left`` ended and again later."""
    hits = [qid for qid, held in spans.items()
            if any(start <= (left.end or "9999") <= end for start, end in held)
            and any(start > (left.end or "9999") for start, _ in held)]
    return len(hits) == 1


def join_returning_members(found: list[Person], uk: list[Person], spans, log: list[str]) -> list[Person]:
    """An MP who left before 2010 has no UK Parliament id here; one who came back later (Dawn
    Butler: 2005-10, again from 2015) is joined to the later MP of the same name when that is
    one person only, their terms do not overlap, the party they left in is the one they came
    back in, and Wikidata knows one person of that name who did leave and come back (two David
    Taylors sat for Labour, the first died in 2009)."""
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in uk:
        if person.id.startswith("ukparl:"):
            by_name[person.name.casefold()].append(person)
    kept = []
    for person in found:
        later = [p for p in by_name.get(person.name.casefold(), []) if p is not person] if person.id.startswith("twfy:") else []
        last = max(person.terms, key=lambda t: t.start or "")
        fits = [p for p in later if p.terms and all((t.start or "") > (last.end or "9999") for t in p.terms)
                and min(p.terms, key=lambda t: t.start or "").party == last.party]
        if len(later) == 1 and len(fits) == 1 and _came_back(spans.get(person.name.casefold(), {}), last):
            target = fits[0]
            target.terms += person.terms
            target.aliases = full_name_aliases(target.name, [*target.aliases, *person.aliases])
            if "parlparse" not in target.source:
                target.source += "+parlparse"
            log.append(f"parlparse: {person.id} joined to {target.id} ({person.name}: left, came back)")
            continue
        kept.append(person)
    return kept
