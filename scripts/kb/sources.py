"""SOURCES.md: each source, where it is, its licence, the snapshot read and what was taken."""
from __future__ import annotations

from .common import Snapshot

SOURCES = [
    ("congress_legislators", "unitedstates/congress-legislators",
     "CC0 1.0 (LICENSE and README of the repository: public domain dedication)",
     "US senators, representatives, presidents and vice presidents with any term ending on or after "
     "1977-01-01: names (nickname form as the canonical name; official and middle-initial forms, "
     "suffixed forms and former surnames as aliases), gender, every term's party (split where "
     "`party_affiliations` records a change within a term) and the latest term as the role. "
     "`legislators-current.yaml` is read at the last commit of every month since 2012-09, plus "
     "`executive.yaml`. `legislators-historical.yaml` is over the 4 MiB file limit of the fetch, so "
     "members who left before September 2012 come from the CSV form of the historical file on the "
     "`gh-pages` branch (`legislators-historical.csv`: names, gender, last seat, bioguide id; no "
     "dates), with their party in each Congress from FiveThirtyEight (below). The given names and "
     "nicknames of both CSV files (`legislators-historical.csv`, `legislators-current.csv`) also "
     "decide which nicknames count as everyday forms (see carltonnorthern/nicknames), and their "
     "`wikipedia_id` (the member's English Wikipedia title, less its disambiguation and suffix) is "
     "the canonical name when it ends with the family name, has no middle initial and no other "
     "person has it (\"Chris Murphy\", not the record's \"Christopher Murphy\")."),
    ("prs_lok_sabha", "Vonter/india-representatives-activity",
     "Open Database License 1.0 (LICENSE and README of the repository); attribution: PRS Legislative "
     "Research, https://prsindia.org. Because speakers.csv contains rows derived from it, speakers.csv "
     "is offered under the ODbL 1.0 as a whole (the other sources' terms allow this).",
     "Members of the 15th, 16th, 17th and 18th Lok Sabha (`csv/Lok Sabha/NNth.csv`): name, seat, "
     "state, party, start and end of term, gender. End dates of members still in office are the "
     "dissolution of their Lok Sabha (15th and 16th from Wikidata, 17th: 2024-06-05)."),
    ("wikidata_lok_sabha", "every-politician-scrapers/india-lok-sabha",
     "Wikidata query results (`wikidata/results/`); Wikidata's data is CC0 1.0. The repository "
     "itself has no licence file; only the CC0 Wikidata results are used.",
     "Wikidata ids of the members of the 17th Lok Sabha (matched to PRS records by seat and name) "
     "and the dates of the 15th and 16th Lok Sabha."),
    ("mp_lookup", "dfe-analytical-services/mp-lookup",
     "Open Parliament Licence v3.0 (the data comes from the UK Parliament Members API and the "
     "House of Commons' election results, as its README states); attribution: contains "
     "Parliamentary information licensed under the Open Parliament Licence v3.0. The repository "
     "has no licence file of its own.",
     "UK MPs elected on 2024-07-04 (`data/candidate-level-results-general-election-04-07-2024.csv`: "
     "winners, party, MNIS id) and every version of `mp_lookup.csv` in the repository's history "
     "(party of each sitting MP on each date it was written, from July 2025): party terms, name, "
     "seat. A party change between two versions is not covered by either term."),
    ("wikidata_uk", "every-politician-scrapers/united-kingdom-cabinet",
     "Wikidata query results; Wikidata's data is CC0 1.0. The repository has no licence file.",
     "Gender of UK MPs (members of the 52nd-58th Parliaments in `html/legislators.csv`), matched by "
     "exact name."),
    ("fivethirtyeight", "fivethirtyeight/data",
     "Creative Commons Attribution 4.0 International (README of the repository: \"Unless otherwise "
     "noted, our data sets are available under the Creative Commons Attribution 4.0 International "
     "License\"; LICENSE); attribution: FiveThirtyEight. The rows derived from it stay available "
     "under CC BY 4.0 with that attribution.",
     "`congress-age/congress-terms.csv` (one row per member of Congress and Congress, January 1947 to "
     "February 2014: bioguide id, chamber, state, party, first day): the party terms of members who "
     "left Congress before September 2012, one per Congress from its first day to 3 January two years "
     "later (the 94th Congress on). `endorsements-june-30/endorsements-june-30.csv`: candidates for "
     "the Democratic and Republican presidential nominations 1980-2012 with their party, as a term "
     "from 1 January of the year before the election to election day, in the name form news use. "
     "`state-of-the-state/index.csv`: the 50 governors and their party at their 2019 State of the "
     "State addresses, as a term from 2019-01-01 to 2019-03-31."),
    ("nicknames", "carltonnorthern/nicknames",
     "Apache License 2.0 (License.txt of the repository).",
     "`names.csv` (given names and their nicknames): a nickname becomes an alias (\"Ben Cardin\" for "
     "Benjamin Cardin) of a US member of Congress or a UK MP whose source gives the formal given name "
     "only, when it is a short form of the name (at least three letters: Ben, Chris, Dan) or "
     "congress-legislators records members of that given name going by it (Jim for James, Dick for "
     "Richard); never when another person already has that name or two people would get it."),
    ("parlparse", "mysociety/parlparse",
     "The repository's LICENSE.txt puts its contents under the GNU Affero General Public License v3 "
     "(it was written for the software; the repository has no separate data licence). The member "
     "lists are compiled from the UK Parliament's own records (data.parliament.uk, Open Parliament "
     "Licence v3.0). Only facts are taken: names, seats, parties and dates of membership.",
     "UK MPs 1997-2015: `members/all-members.xml` at the last version the fetch kept (February 2009: "
     "every Commons membership since 1997 with name, seat, party and dates; memberships of the 2005 "
     "Parliament then still open are taken to run until its dissolution on 2010-04-12) and "
     "`members/all-members-2010.xml` and `members/people.xml` at the last commit before they were "
     "replaced by people.json (April 2015: the 2010-15 Parliament with each member's UK Parliament "
     "id, and which memberships are one person). Members with a UK Parliament id join the MPs of "
     "that id from mp-lookup; an MP who left before 2010 joins a later MP of the same name only "
     "when Wikidata (united-kingdom-cabinet) knows one such person who left and came back."),
    ("ssa_names", "hackerb9/ssa-baby-names",
     "The `raw-data/yobYYYY.txt` files are the US Social Security Administration's national baby "
     "names files, a work of the US federal government and so in the public domain (17 U.S.C. 105). "
     "The repository's LGPL-2.1 covers its scripts, which are not used.",
     "Counts of babies by first name and sex for every year 1880-2020, summed; names with at least "
     "200 babies and a share of at least 0.9 for one sex are kept, together with first names of the "
     "knowledge base's people (at least two people, share at least 0.9)."),
]


FEC = ("Federal Election Commission bulk data: `weballYY.txt` (the \"all candidates\" summary of a "
       "two-year cycle), a work of the US federal government and so in the public domain "
       "(17 U.S.C. 105). The repositories holding the copies read have no licence of their own; only "
       "the FEC's files are read, unchanged.",
       "Presidential candidates (FEC id P...) of the Democratic, Republican, Libertarian and Green "
       "parties in the 2012, 2016, 2020 and 2024 cycles who raised at least $250,000 in the cycle, "
       "$25,000 of it from individuals, and the running mate named on the same record: a party term "
       "from 1 January of the year before the election to election day. A candidacy that contradicts "
       "a known office term (Bernie Sanders, an independent senator) is left out; a candidate is "
       "joined by name to the one known person of that name.")


def sources_markdown(snaps: dict[str, Snapshot], fec: list[Snapshot] = (),
                     read_at: dict[str, list[str]] | None = None) -> str:
    """``read_at``: per source, the other commits read (a branch, older versions of a file)."""
    read_at = read_at or {}
    lines = ["# Sources of the knowledge base", "",
             "Built by `scripts/build_kb.py` (see docs/knowledge_base.md). `speakers.csv` is one row per",
             "party term of a person; `first_names.csv` lists first names with a clear gender.", ""]
    for key, repo, licence, taken in SOURCES:
        snap = snaps.get(key)
        if snap is None:
            continue
        lines += [f"## {repo}", "",
                  f"- URL: https://github.com/{repo}",
                  f"- Snapshot: commit {snap.commit} ({snap.date})",
                  *(f"- Also read: {line}" for line in read_at.get(key, [])),
                  f"- Licence: {licence}",
                  f"- Taken: {taken}", ""]
    for snap in fec:
        name = snap.git_dir.parent.name if snap.git_dir.name in ("repo", ".git") else snap.git_dir.name
        repo = name.replace("+", "/", 1).removesuffix(".git")
        lines += [f"## FEC candidate summaries (copy in {repo})", "",
                  f"- URL: https://github.com/{repo}",
                  f"- Snapshot: commit {snap.commit} ({snap.date})",
                  f"- Licence: {FEC[0]}",
                  f"- Taken: {FEC[1]}", ""]
    lines += ["## Hand-written rows", "",
              "- `scripts/kb/hand_speakers.csv`: the project's own rows for well-known people, facts of "
              "public record written by hand (a few US and UK leaders; the chairs of the Republican and "
              "Democratic National Committees since 2005, a party term for their time in office; Indian "
              "chief ministers since 2014, union ministers, national and state party leaders, leaders of "
              "the opposition and dated party changes, each with a `note` on where its dates come from). "
              "A hand row joins the one sourced person of the same name whose party terms agree with it "
              "(its name and role stay canonical); a hand row with a sourced person's id lays its terms "
              "over that person's and gives its name (the source's becomes an alias); otherwise it is kept "
              "with source `hand`.", ""]
    return "\n".join(lines)
