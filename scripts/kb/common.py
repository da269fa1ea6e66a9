"""Shared pieces of the knowledge-base build: people with party terms, git reading, parties."""
from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SPEAKER_COLUMNS = ["id", "name", "aliases", "party", "role", "valid_from", "valid_to", "gender", "country", "source"]


@dataclass
class Term:
    party: str
    start: str | None  # ISO date; None = not known to start later than anything
    end: str | None  # ISO date; None = still current


@dataclass
class Person:
    id: str
    name: str
    country: str
    source: str
    role: str = ""
    gender: str = ""
    aliases: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    # The formal given name when the source records no everyday form of it (nickname aliases are
    # made from it: "Benjamin" -> "Ben Cardin"), and the family name.
    given: str = ""
    family: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Where one source was read from: enough to cite it and to read it again."""
    git_dir: Path
    commit: str
    date: str

    def show(self, path: str, rev: str | None = None) -> str:
        return git(self.git_dir, "show", f"{rev or self.commit}:{path}")


def git(git_dir: Path, *args: str) -> str:
    done = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {git_dir}: {done.stderr.strip()}")
    return done.stdout


def git_bytes(git_dir: Path, *args: str) -> bytes:
    """``git`` for files that are not UTF-8 (parlparse's XML is ISO-8859-1)."""
    done = subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {git_dir}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def has_blob(git_dir: Path, spec: str) -> bool:
    """Whether ``commit:path`` can be read (a snapshot lists blobs over its size limit without them)."""
    done = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "-e", spec], capture_output=True)
    return done.returncode == 0


def snapshot(git_dir: str | Path) -> Snapshot:
    git_dir = Path(git_dir)
    commit, date = git(git_dir, "log", "-1", "--format=%H %cs", "HEAD").split()
    return Snapshot(git_dir, commit, date)


def day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def _overlaps(a: Term, b: Term) -> bool:
    return (a.end is None or b.start is None or b.start <= a.end) and (b.end is None or a.start is None or a.start <= b.end)


def day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def merge_terms(terms: list[Term]) -> list[Term]:
    """Consecutive terms with the same party become one; an overlapped earlier term is cut short."""
    ordered = sorted(terms, key=lambda t: (t.start or "", t.end or "9999"))
    merged: list[Term] = []
    for term in ordered:
        last = merged[-1] if merged else None
        if last and last.party == term.party:
            if last.end is not None and (term.end is None or term.end > last.end):
                last.end = term.end
            continue
        if last and term.start and (last.end is None or last.end >= term.start):
            last.end = day_before(term.start)
        merged.append(Term(term.party, term.start, term.end))
    return [t for t in merged if not (t.start and t.end and t.end < t.start)]


def overlay_terms(base: list[Term], overlay: list[Term]) -> list[Term]:
    """``base`` with each ``overlay`` term laid over it: where they overlap, the overlay wins
    (a sitting independent's run in a party's primary), and the base resumes after it."""
    out = list(base)
    for top in overlay:
        cut = []
        for term in out:
            if not _overlaps(term, top):
                cut.append(term)
                continue
            if top.start and (term.start is None or term.start < top.start):
                cut.append(Term(term.party, term.start, day_before(top.start)))
            if top.end and (term.end is None or term.end > top.end):
                cut.append(Term(term.party, day_after(top.end), term.end))
        out = cut + [Term(top.party, top.start, top.end)]
    return sorted(out, key=lambda t: (t.start or "", t.end or "9999"))


def conflicts(person: Person, term: Term) -> bool:
    return any(t.party != term.party and _overlaps(t, term) for t in person.terms)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def full_name_aliases(name: str, candidates) -> list[str]:
    """Other full forms of a name: at least two words, not the name itself, no repeats."""
    seen, out = {name.casefold()}, []
    for alias in candidates:
        alias = re.sub(r"\s+", " ", (alias or "").strip())
        if len(alias.split()) < 2 or alias.casefold() in seen:
            continue
        seen.add(alias.casefold())
        out.append(alias)
    return out


class PartyResolver:
    """Maps a source's party label to a canonical party name of parties.csv."""

    def __init__(self, parties_csv: Path, extra: dict[str, str]):
        with open(parties_csv, encoding="utf-8", newline="") as handle:
            self.rows = list(csv.DictReader(handle))
        self.index: dict[str, str] = {}
        for row in self.rows:
            for label in [row["name"], row["abbreviation"], *row["aliases"].split(";")]:
                if label.strip():
                    self.index.setdefault(label.strip().casefold(), row["name"])
        self.extra = {k.casefold(): v for k, v in extra.items()}
        self.unknown: set[str] = set()

    def __call__(self, label: str) -> str | None:
        key = label.strip().casefold()
        if not key:
            return None
        if key in self.extra:
            return self.extra[key] or None  # "" marks a label that is no party (the Speaker)
        if key in self.index:
            return self.index[key]
        self.unknown.add(label)
        return None


def speaker_rows(people: list[Person]) -> list[dict]:
    rows = []
    for person in sorted(people, key=lambda p: (p.country, p.name, p.id)):
        for term in merge_terms(person.terms):
            rows.append({
                "id": person.id, "name": person.name, "aliases": ";".join(person.aliases),
                "party": term.party, "role": person.role, "valid_from": term.start or "",
                "valid_to": term.end or "", "gender": person.gender, "country": person.country,
                "source": person.source,
            })
    return rows


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
