"""First names with a clear gender: US Social Security baby names plus the knowledge base's people.

SSA's yobYYYY.txt files (name,sex,count for every name given to five or more babies a year) are
summed over all years. The knowledge base adds the first names of its own people (which is where
most Indian names come from), one count per person.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .common import Person, Snapshot, ascii_fold, git

MIN_SHARE = 0.9
MIN_SSA_COUNT = 200  # babies over all years: rarer names are too noisy
MIN_KB_COUNT = 2  # people: one person's name is not a pattern


def ssa_counts(snap: Snapshot) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"f": 0, "m": 0})
    files = [p for p in git(snap.git_dir, "ls-tree", "--name-only", snap.commit, "raw-data/").split()
             if re.fullmatch(r"raw-data/yob\d{4}\.txt", p)]
    if not files:
        raise SystemExit(f"no raw-data/yobYYYY.txt files in {snap.git_dir}")
    for path in files:
        for line in snap.show(path).splitlines():
            name, sex, number = line.strip().split(",")
            counts[name.lower()][sex.lower()] += int(number)
    return counts


def first_name(name: str) -> str | None:
    """The first word of a full name if it is a real given name (not an initial)."""
    word = ascii_fold(name.split()[0]).lower() if name.split() else ""
    return word if re.fullmatch(r"[a-z][a-z'-]+", word) and len(word) > 2 else None


def kb_counts(people: list[Person]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"f": 0, "m": 0})
    for person in people:
        name = first_name(person.name)
        if name and person.gender in ("f", "m"):
            counts[name][person.gender] += 1
    return counts


def first_name_rows(ssa: dict[str, dict[str, int]], kb: dict[str, dict[str, int]]) -> list[dict]:
    rows = []
    for name in sorted(set(ssa) | set(kb)):
        s, k = ssa.get(name, {"f": 0, "m": 0}), kb.get(name, {"f": 0, "m": 0})
        if s["f"] + s["m"] < MIN_SSA_COUNT and k["f"] + k["m"] < MIN_KB_COUNT:
            continue
        female, male = s["f"] + k["f"], s["m"] + k["m"]
        total = female + male
        gender, share = ("f", female / total) if female >= male else ("m", male / total)
        if share >= MIN_SHARE:
            rows.append({"name": name, "gender": gender, "share": f"{share:.3f}", "count": total})
    return rows
