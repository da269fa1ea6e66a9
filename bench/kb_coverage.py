"""How many labelled speakers get a party from a knowledge base, and how many of those agree.

Run by hand, not in the suite. Each speakers file is read on its own (with the bundled
parties.csv) and asked the way attribution asks it: the person with this full name as of the
date (``KnowledgeBase.known_person``), then their party on that date (``party_on``).

    .venv/bin/python bench/kb_coverage.py \\
        --before ../main/quoteattr/data/speakers.csv --after quoteattr/data/speakers.csv

People come from PolNeAR train (bench/data/polnear_train_parties.csv: every distinct `person`
with a party label, asked as of 2016-06-01) and the Indian set (bench/data/india/gold.jsonl:
every distinct speaker with a party label and the date of its article). Defaults read them from
../main/bench/data.
"""
from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass
from pathlib import Path

from quoteattr.parties import KnowledgeBase, KnownSpeaker

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "main" / "bench" / "data"
POLNEAR_DATE = "2016-06-01"


@dataclass(frozen=True)
class Labelled:
    name: str
    party: str
    date: str | None


@dataclass
class Coverage:
    asked: int = 0
    found: int = 0
    agree: int = 0

    def line(self, label: str) -> str:
        share = self.found / self.asked if self.asked else 0.0
        agree = self.agree / self.found if self.found else 0.0
        return (f"{label:<8} {self.asked:>5} asked  {self.found:>5} get a party ({share:6.1%})  "
                f"{self.agree:>5} agree ({agree:6.1%} of those)")


def load_kb(speakers_csv: Path) -> KnowledgeBase:
    """The bundled parties with only this file's speakers (the same reading as KnowledgeBase.load)."""
    parties = KnowledgeBase.load().parties
    speakers = []
    with open(speakers_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            row = {k: (v or "").strip() for k, v in row.items()}
            if row.get("name"):
                speakers.append(KnownSpeaker(
                    row["name"], tuple(a for a in row.get("aliases", "").split(";") if a),
                    row.get("party") or None, row.get("role") or None, row.get("valid_from") or None,
                    row.get("valid_to") or None, row.get("id") or row["name"], row.get("gender") or None,
                    row.get("country") or None))
    return KnowledgeBase(parties, speakers)


def polnear_people(path: Path) -> list[Labelled]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["party"].strip() and r["person"].strip()]
    return sorted({Labelled(r["person"].strip(), r["party"].strip(), POLNEAR_DATE) for r in rows},
                  key=lambda p: p.name)


def india_people(path: Path) -> list[Labelled]:
    found = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("speaker") and row.get("party"):
                found.add(Labelled(row["speaker"], row["party"], row.get("date")))
    return sorted(found, key=lambda p: (p.name, p.date or ""))


def party_of(kb: KnowledgeBase, name: str, date: str | None) -> str | None:
    person = kb.known_person(name, date)
    return kb.party_on(person, date)[0] if person is not None else None


def same_party(kb: KnowledgeBase, got: str, label: str) -> bool:
    wanted = kb.party_named(label)
    return got == (wanted.name if wanted else label)


def measure(kb: KnowledgeBase, people: list[Labelled], missing: list[str] | None = None) -> Coverage:
    cov = Coverage()
    for person in people:
        cov.asked += 1
        got = party_of(kb, person.name, person.date)
        if got is None:
            if missing is not None:
                missing.append(f"{person.name} ({person.party}, {person.date})")
            continue
        cov.found += 1
        if same_party(kb, got, person.party):
            cov.agree += 1
        elif missing is not None:
            missing.append(f"{person.name}: knowledge base says {got}, label {person.party} ({person.date})")
    return cov


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="speakers.csv of the baseline")
    parser.add_argument("--after", type=Path, required=True, help="speakers.csv to compare")
    parser.add_argument("--polnear", type=Path, default=DEFAULT_DATA / "polnear_train_parties.csv")
    parser.add_argument("--india", type=Path, default=DEFAULT_DATA / "india" / "gold.jsonl")
    parser.add_argument("--show-missing", action="store_true", help="list who still gets no or another party")
    args = parser.parse_args(argv)
    sets = {"PolNeAR": polnear_people(args.polnear), "India": india_people(args.india)}
    for label, path in (("before", args.before), ("after", args.after)):
        kb = load_kb(path)
        print(f"== {label}: {path} ({len(kb.speakers)} rows)")
        for name, people in sets.items():
            missing: list[str] = []
            print(measure(kb, people, missing).line(name))
            if args.show_missing and label == "after":
                for line in missing:
                    print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
