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
     "`legislators-current.yaml` is read at the last commit of every month since 2012-09 (the "
     "snapshot lacks `legislators-historical.yaml`, which is over the 4 MiB file limit of the "
     "fetch), plus `executive.yaml`. Members who left Congress before September 2012 are therefore "
     "missing unless they were later president or vice president."),
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
    ("ssa_names", "hackerb9/ssa-baby-names",
     "The `raw-data/yobYYYY.txt` files are the US Social Security Administration's national baby "
     "names files, a work of the US federal government and so in the public domain (17 U.S.C. 105). "
     "The repository's LGPL-2.1 covers its scripts, which are not used.",
     "Counts of babies by first name and sex for every year 1880-2020, summed; names with at least "
     "200 babies and a share of at least 0.9 for one sex are kept, together with first names of the "
     "knowledge base's people (at least two people, share at least 0.9)."),
]


def sources_markdown(snaps: dict[str, Snapshot]) -> str:
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
                  f"- Licence: {licence}",
                  f"- Taken: {taken}", ""]
    lines += ["## Hand-written rows", "",
              "- `scripts/kb/hand_speakers.csv`: the project's own rows for well-known people. A hand row "
              "joins the one sourced person of the same name whose party terms agree with it (its name "
              "and role stay canonical); otherwise it is kept with source `hand`.", ""]
    return "\n".join(lines)
