"""US presidential candidates and governors, joined by name to the people already known.

- FEC "all candidates" summary files (weballYY.txt, public domain): every presidential candidate
  (id P...) of the Democratic, Republican, Libertarian or Green party who raised at least
  $250,000 in the two-year cycle, $25,000 of it from individuals (which leaves out dormant
  committees of earlier campaigns and most paper candidacies); a running mate named on the
  same record too. A candidacy is a party term from 1 January of the year before the election to
  election day.
- FiveThirtyEight's endorsements-june-30.csv: candidates for the two parties' nominations
  1980-2012, named as news name them ("Newt Gingrich", "Rudy Giuliani").
- FiveThirtyEight's state-of-the-state/index.csv: the 50 governors and their party at their
  2019 State of the State addresses (January to March 2019).

A term is added to a known person only where it contradicts none of their known terms (Bernie
Sanders' Democratic runs stay the hand rows' business), so office records always win.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from .common import Person, Snapshot, Term, full_name_aliases, slug
from .join import NameIndex, add_term, adopt_name
from .nicknames import forms

FEC_PARTIES = {"DEM": "Democratic Party", "REP": "Republican Party", "LIB": "Libertarian Party",
               "GRE": "Green Party of the United States"}
FTE_PARTIES = {"Democratic": "Democratic Party", "Republican": "Republican Party", "D": "Democratic Party",
               "R": "Republican Party"}
MIN_RECEIPTS = 250_000
MIN_INDIVIDUAL = 25_000
TITLES = {"MR", "MRS", "MS", "MISS", "DR", "MD", "HON", "SR", "JR", "II", "III", "IV", "PHD", "ESQ", "REV"}
PARTICLES = {"De"}  # "Van Hollen", "Du Pont" keep theirs: news differ by family
ENDORSEMENTS = "endorsements-june-30/endorsements-june-30.csv"
GOVERNORS = "state-of-the-state/index.csv"


@dataclass
class Candidacy:
    name: str  # canonical form
    given: str
    family: str
    aliases: list[str]
    party: str
    year: int
    role: str
    key: str  # one person across records: the FEC id, else the name
    sources: set[str] = field(default_factory=set)


def election_day(year: int) -> str:
    """The Tuesday after the first Monday of November."""
    first = dt.date(year, 11, 1)
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    return (monday + dt.timedelta(days=1)).isoformat()


def _word(word: str) -> str:
    """'O'MALLEY' -> "O'Malley", 'MCCAIN' -> 'McCain'."""
    word = "-".join(part.capitalize() for part in word.lower().split("-"))
    word = re.sub(r"^(Mc|O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
    return word


def parse_fec_name(text: str) -> tuple[str, str, list[str]] | None:
    """'CRUZ, RAFAEL EDWARD "TED"' -> ('Ted Cruz', 'Rafael', ['Rafael Cruz', 'Rafael Edward Cruz']).

    Also 'MICHAEL R. PENCE' (a running mate, given name first). None when it is no name."""
    nick = re.search(r"\(([A-Z .]+)\)|\"([A-Z .]+)\"|''([A-Z .]+)''", text)
    nickname = _word(next(g for g in nick.groups() if g).strip()) if nick else ""
    text = re.sub(r"\([^)]*\)|\"[^\"]*\"|''[^']*''", " ", text)
    if "," in text:
        family, rest = text.split(",", 1)
        rest_words = rest.split()
    else:
        words = text.split()
        if len(words) < 2:
            return None
        family, rest_words = words[-1], words[:-1]
    if any(ch.isdigit() for ch in text):
        return None
    rest_words = [w for w in rest_words if w.strip(".").upper() not in TITLES]
    family_words = [_word(w) for w in family.split() if w.strip(".").upper() not in TITLES]
    if len(family_words) == 2 and family_words[0] in PARTICLES:
        family_words[0] = family_words[0].lower()  # 'DE BLASIO' -> 'de Blasio' ('DE LA FUENTE' stays)
    family = " ".join(family_words)
    names = [_word(w) for w in rest_words if len(w.strip(".")) > 1]  # initials are no given names
    if not family or not names:
        return None
    given = names[0]
    canonical = f"{nickname or given} {family}"
    written = " ".join(f"{w.strip('.')}." if len(w.strip(".")) == 1 else _word(w) for w in rest_words)
    aliases = [f"{given} {family}", f"{' '.join(names)} {family}", f"{written} {family}"]
    return canonical, given if not nickname else "", full_name_aliases(canonical, aliases)


def fec_candidacies(snap: Snapshot, path: str, year: int) -> list[Candidacy]:
    found = []
    for line in snap.show(path).splitlines():
        cols = line.split("|")
        if len(cols) < 18 or not cols[0].startswith("P") or cols[4] not in FEC_PARTIES:
            continue
        if float(cols[5] or 0) < MIN_RECEIPTS or float(cols[17] or 0) < MIN_INDIVIDUAL:
            continue
        party = FEC_PARTIES[cols[4]]
        short = party.replace(" Party", "").replace(" of the United States", "")
        names = cols[1].split("/")
        for i, raw in enumerate(names[:2]):
            parsed = parse_fec_name(raw.strip())
            if parsed is None:
                continue
            canonical, given, aliases = parsed
            office = "presidential" if i == 0 else "vice-presidential"
            family = canonical.split(" ", 1)[1]
            key = cols[0] if i == 0 else f"{cols[0]}-vp-{slug(canonical)}"
            found.append(Candidacy(canonical, given, family, aliases, party, year,
                                   f"{short} {office} candidate ({year})", key, {"fec"}))
    return found


def endorsement_candidacies(snap: Snapshot) -> list[Candidacy]:
    found = []
    for row in csv.DictReader(io.StringIO(snap.show(ENDORSEMENTS))):
        party = FTE_PARTIES.get(row["party"])
        name = re.sub(r"\s+", " ", row["candidate"]).strip()
        if not party or len(name.split()) < 2:
            continue
        year = int(row["year"])
        found.append(Candidacy(name, "", name.split()[-1], [], party, year,
                               f"Candidate for the {row['party']} presidential nomination ({year})",
                               f"fte:{slug(name)}", {"fivethirtyeight"}))
    return found


def _norm(name: str) -> str:
    return re.sub(r"[.\s]+", " ", name.casefold()).strip()


class _Index(NameIndex):
    """Names compared without the dots and spaces of initials: 'George H.W. Bush'."""

    def add(self, person: Person) -> None:
        if person.country != self.country:
            return
        for name in {_norm(person.name), *(_norm(a) for a in person.aliases)}:
            if person not in self.by_name[name]:
                self.by_name[name].append(person)

    def find(self, names: list[str]) -> list[Person]:
        return super().find([_norm(n) for n in names])


def _attach(cand: Candidacy, index: _Index, made: dict[str, Person], nicknames, log: list[str],
            start: str, end: str, news_name: bool) -> Person | None:
    tries = [cand.name, *cand.aliases, *forms(cand.given, cand.family, nicknames)]
    person = made.get(cand.key)
    if person is None:
        found = index.find(tries)
        if len(found) > 1:
            log.append(f"candidates: {cand.name} ({cand.year}) left out: {len(found)} known people of that name")
            return None
        person = found[0] if found else None
    term = Term(cand.party, start, end)
    nicknamed = [f for f in forms(cand.given, cand.family, nicknames) if not index.find([f])]
    if person is None:
        prefix = "fec" if "fec" in cand.sources else "fte"
        person = Person(f"{prefix}:{cand.key.removeprefix('fte:')}", cand.name, "US",
                        "+".join(sorted(cand.sources)), cand.role, "", [], [term], cand.given, cand.family)
        adopt_name(person, cand.name, [*cand.aliases, *nicknamed])
        made[cand.key] = person
        index.add(person)
        return person
    made[cand.key] = person
    if not add_term(person, term, cand.role if _after_all(person, start) else ""):
        log.append(f"candidates: {cand.name} {cand.party} ({cand.year}) contradicts {person.id}'s terms; not added")
    # News forms (FiveThirtyEight) become canonical; so does a later FEC filing's name of a person
    # known from the FEC only ("CHRISTIE, CHRIS" in 2024 after "CHRISTIE, CHRISTOPHER J").
    later_filing = person.id == f"fec:{cand.key}"
    adopt_name(person, cand.name if news_name or later_filing else person.name, [*cand.aliases, *nicknamed])
    for source in cand.sources:
        if source not in person.source.split("+"):
            person.source += f"+{source}"
    index.add(person)
    return person


def _after_all(person: Person, start: str) -> bool:
    return all(t.end is not None and t.end < start for t in person.terms)


def people(known: list[Person], fec: list[tuple[Snapshot, str, int]], fivethirtyeight: Snapshot | None,
           nicknames, log: list[str]) -> list[Person]:
    """Candidates and governors: new people are returned, known ones get their terms in place."""
    index = _Index(known, "US")
    made: dict[str, Person] = {}
    for snap, path, year in sorted(fec, key=lambda f: f[2]):
        for cand in fec_candidacies(snap, path, year):
            _attach(cand, index, made, nicknames, log, f"{year - 1}-01-01", election_day(year), False)
    if fivethirtyeight is not None:
        for cand in endorsement_candidacies(fivethirtyeight):
            _attach(cand, index, made, nicknames, log, f"{cand.year - 1}-01-01", election_day(cand.year), True)
        for cand in governor_terms(fivethirtyeight):
            _attach(cand, index, made, nicknames, log, "2019-01-01", "2019-03-31", True)
    known_ids = {id(p) for p in known}
    new = {id(p): p for p in made.values() if id(p) not in known_ids}
    return sorted(new.values(), key=lambda p: p.id)


def governor_terms(snap: Snapshot) -> list[Candidacy]:
    found = []
    for row in csv.DictReader(io.StringIO(snap.show(GOVERNORS))):
        party = FTE_PARTIES.get(row["party"])
        name = row["governor"].strip()
        if party:
            found.append(Candidacy(name, "", name.split()[-1], [], party, 2019, f"Governor of {row['state']}",
                                   f"fte:{slug(name)}", {"fivethirtyeight"}))
    return found
