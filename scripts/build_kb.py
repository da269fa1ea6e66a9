"""Build quoteattr/data/speakers.csv, first_names.csv and SOURCES.md from fetched repositories.

Every source is a git directory given on the command line (a bare clone or a .git folder); it is
read with `git show`, so nothing is fetched here. See docs/knowledge_base.md.

    python scripts/build_kb.py \
        --congress-legislators /path/unitedstates+congress-legislators/repo \
        --prs-lok-sabha /path/Vonter+india-representatives-activity/repo \
        --wikidata-lok-sabha /path/every-politician-scrapers+india-lok-sabha/repo \
        --mp-lookup /path/dfe-analytical-services+mp-lookup/repo \
        --wikidata-uk /path/every-politician-scrapers+united-kingdom-cabinet/repo \
        --ssa-names /path/hackerb9+ssa-baby-names/repo \
        --fivethirtyeight /path/fivethirtyeight+data/repo \
        --nicknames /path/carltonnorthern+nicknames/repo \
        --fec /path/ivynyayieka+campaign_incumbency/repo --fec /path/wellsGarrison+320Project/repo \
        --parlparse /path/mysociety+parlparse/repo
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import candidates, congress_history, hand, india, names, nicknames, uk, uk_history, us  # noqa: E402
from kb.common import SPEAKER_COLUMNS, PartyResolver, full_name_aliases, git, snapshot, speaker_rows, write_csv  # noqa: E402
from kb.sources import sources_markdown  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "quoteattr" / "data"


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--congress-legislators", required=True, help="unitedstates/congress-legislators")
    parser.add_argument("--prs-lok-sabha", help="Vonter/india-representatives-activity (ODbL)")
    parser.add_argument("--wikidata-lok-sabha", help="every-politician-scrapers/india-lok-sabha")
    parser.add_argument("--mp-lookup", help="dfe-analytical-services/mp-lookup")
    parser.add_argument("--wikidata-uk", help="every-politician-scrapers/united-kingdom-cabinet")
    parser.add_argument("--ssa-names", required=True, help="hackerb9/ssa-baby-names")
    parser.add_argument("--fivethirtyeight", help="fivethirtyeight/data (CC BY 4.0)")
    parser.add_argument("--nicknames", help="carltonnorthern/nicknames (Apache 2.0)")
    parser.add_argument("--fec", action="append", default=[],
                        help="a repository holding FEC weballYY.txt files at its top (may be repeated)")
    parser.add_argument("--parlparse", help="mysociety/parlparse")
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write (default: the package's data)")
    return parser.parse_args(argv)


def fec_files(snaps) -> list[tuple]:
    """(snapshot, path, election year) of every weballYY.txt of a presidential election year."""
    found = {}
    for snap in snaps:
        for path in git(snap.git_dir, "ls-tree", "--name-only", snap.commit).split():
            match = re.fullmatch(r"weball(\d\d)\.txt", path)
            if match and int(match.group(1)) % 4 == 0:
                found.setdefault(2000 + int(match.group(1)), (snap, path))
    return [(snap, path, year) for year, (snap, path) in sorted(found.items())]


def straight_apostrophes(people) -> None:
    """'Beto O’Rourke' is 'Beto O'Rourke' as most news and the straight-quoted corpora write it;
    the curly form stays an alias."""
    for person in people:
        curly = [n for n in (person.name, *person.aliases) if "\u2019" in n]
        name = person.name.replace("\u2019", "'")
        person.aliases = full_name_aliases(name, [person.name, *person.aliases,
                                                  *(n.replace("\u2019", "'") for n in curly)])
        person.name = name


def report(people, rows, log) -> None:
    per = collections.Counter((r["country"], r["source"]) for r in rows)
    for (country, source), n in sorted(per.items()):
        print(f"rows {country} {source}: {n}")
    names_to_ids = collections.defaultdict(set)
    for person in people:
        names_to_ids[person.name].add(person.id)
    shared = {n: ids for n, ids in names_to_ids.items() if len(ids) > 1}
    changed = [p for p in people if len({t.party for t in p.terms}) > 1]
    print(f"people {len(people)}, rows {len(rows)}, people with more than one party {len(changed)}")
    print(f"canonical names shared by several people: {len(shared)} names, "
          f"{sum(len(i) for i in shared.values())} people")
    for line in log:
        print(line)


def main(argv=None) -> int:
    args = arguments(argv)
    resolve = PartyResolver(DATA / "parties.csv", {**india.PARTY_LABELS, **uk.PARTY_LABELS})
    snaps = {key: snapshot(path) for key, path in vars(args).items() if key not in ("out", "fec") and path}
    fec = [snapshot(path) for path in args.fec]
    log: list[str] = []
    read_at: dict[str, list[str]] = {}
    people, unknown = us.people(snaps["congress_legislators"], snaps["congress_legislators"].date)
    if "fivethirtyeight" in snaps:
        people += congress_history.people(snaps["congress_legislators"], snaps["fivethirtyeight"], people, log)
        read_at["congress_legislators"] = [
            f"branch gh-pages at commit {congress_history.branch_commit(snaps['congress_legislators'])} "
            "(legislators-historical.csv, legislators-current.csv)"]
    nickname_map = {}
    if "nicknames" in snaps:
        nickname_map = nicknames.nickname_map(snaps["nicknames"], nicknames.observed_pairs(snaps["congress_legislators"]))
        log.append(f"nickname aliases: {nicknames.add_aliases(people, nickname_map)}")
    if "fivethirtyeight" in snaps:
        titles = congress_history.wikipedia_titles(snaps["congress_legislators"])
        log.append(f"members named as their Wikipedia title: "
                   f"{congress_history.adopt_common_names(people, titles)}")
    if fec or "fivethirtyeight" in snaps:
        people += candidates.people(people, fec_files(fec), snaps.get("fivethirtyeight"), nickname_map, log)
    if "prs_lok_sabha" in snaps:
        found = india.people(snaps["prs_lok_sabha"], snaps.get("wikidata_lok_sabha"), resolve)
        log.append(f"first-and-last-name aliases of Lok Sabha members: "
                   f"{nicknames.add_forms(found, nicknames.first_last, people)}")
        people += found
    if "mp_lookup" in snaps:
        people += uk.people(snaps["mp_lookup"], snaps.get("wikidata_uk"), resolve)
    if "parlparse" in snaps:
        genders = uk.wikidata_genders(snaps.get("wikidata_uk"))
        found, revisions = uk_history.people(snaps["parlparse"], people, genders, resolve, log,
                                            snaps.get("wikidata_uk"))
        people += found
        log.append(f"nickname aliases of parlparse MPs: {nicknames.add_aliases(found, nickname_map, people)}")
        read_at["parlparse"] = [f"{path} at commit {rev}" for path, rev in revisions.items()]
    unknown |= resolve.unknown
    if unknown:
        print("party labels with no row in parties.csv (add them):", sorted(unknown), file=sys.stderr)
        return 1
    hand_rows = hand.hand_people()
    unnamed = hand.unknown_parties(hand_rows, {row["name"] for row in resolve.rows})
    if unnamed:
        print("hand rows whose party is no name of parties.csv (fix them):", unnamed, file=sys.stderr)
        return 1
    people += hand.merge_hand(hand_rows, people, log)
    straight_apostrophes(people)
    rows = speaker_rows(people)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "speakers.csv", SPEAKER_COLUMNS, rows)
    first_names = names.first_name_rows(names.ssa_counts(snaps["ssa_names"]), names.kb_counts(people))
    write_csv(args.out / "first_names.csv", ["name", "gender", "share", "count"], first_names)
    (args.out / "SOURCES.md").write_text(sources_markdown(snaps, fec, read_at), encoding="utf-8")
    report(people, rows, log)
    print(f"first names: {len(first_names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
