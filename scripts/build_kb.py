"""Build quoteattr/data/speakers.csv, first_names.csv and SOURCES.md from fetched repositories.

Every source is a git directory given on the command line (a bare clone or a .git folder); it is
read with `git show`, so nothing is fetched here. See docs/knowledge_base.md.

    python scripts/build_kb.py \
        --congress-legislators /path/unitedstates+congress-legislators/repo \
        --prs-lok-sabha /path/Vonter+india-representatives-activity/repo \
        --wikidata-lok-sabha /path/every-politician-scrapers+india-lok-sabha/repo \
        --mp-lookup /path/dfe-analytical-services+mp-lookup/repo \
        --wikidata-uk /path/every-politician-scrapers+united-kingdom-cabinet/repo \
        --ssa-names /path/hackerb9+ssa-baby-names/repo
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb import hand, india, names, uk, us  # noqa: E402
from kb.common import SPEAKER_COLUMNS, PartyResolver, snapshot, speaker_rows, write_csv  # noqa: E402
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
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write (default: the package's data)")
    return parser.parse_args(argv)


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
    snaps = {key: snapshot(path) for key, path in vars(args).items() if key not in ("out",) and path}
    people, unknown = us.people(snaps["congress_legislators"], snaps["congress_legislators"].date)
    if "prs_lok_sabha" in snaps:
        people += india.people(snaps["prs_lok_sabha"], snaps.get("wikidata_lok_sabha"), resolve)
    if "mp_lookup" in snaps:
        people += uk.people(snaps["mp_lookup"], snaps.get("wikidata_uk"), resolve)
    unknown |= resolve.unknown
    if unknown:
        print("party labels with no row in parties.csv (add them):", sorted(unknown), file=sys.stderr)
        return 1
    log: list[str] = []
    people += hand.merge_hand(hand.hand_people(), people, log)
    rows = speaker_rows(people)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "speakers.csv", SPEAKER_COLUMNS, rows)
    first_names = names.first_name_rows(names.ssa_counts(snaps["ssa_names"]), names.kb_counts(people))
    write_csv(args.out / "first_names.csv", ["name", "gender", "share", "count"], first_names)
    (args.out / "SOURCES.md").write_text(sources_markdown(snaps), encoding="utf-8")
    report(people, rows, log)
    print(f"first names: {len(first_names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
