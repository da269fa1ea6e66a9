"""Build quoteattr/data/places.csv: countries, first-level divisions and cities, in English.

Every source is a git directory fetched beforehand (a bare clone or a .git folder) and read with
`git show`, so nothing is fetched here; this is run by hand, never in CI. Natural Earth comes as
7-Zip archives, so `7z` (Debian's p7zip-full or 7zip) must be on the PATH. See
quoteattr/data/PLACES-SOURCES.md for what each source gives.

    python scripts/build_places.py \
        --geonames /path/ali-hv+geobank-data/repo \
        --geonames-admin1 /path/mappingbitcoin+mappingbitcoin/repo \
        --geonames-admin2 /path/openeventdata+es-geonames/repo \
        --natural-earth /path/martynafford+natural-earth-geojson/repo \
        --ssa-names /path/hackerb9+ssa-baby-names/repo \
        --census-surnames /path/afrasier+synth-data/repo/.git \
        [--wordnet /usr/share/wordnet]

Rows are `name,kind,country,population` with kind one of country, region (first-level
administrative division) and city (population >= 100,000, national capitals, and India's
district headquarters). Names that are also common English words or common person names are left
out (see `Exclusions`), because a gazetteer that says "Jackson" or "Reading" is a place does more
harm than good to speaker attribution.
"""
from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kb.common import Snapshot, ascii_fold, git, snapshot  # noqa: E402
from kb.names import ssa_counts  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "quoteattr" / "data"
COLUMNS = ["name", "kind", "country", "population"]
KINDS = ("country", "region", "city")

MIN_CITY_POPULATION = 100_000
# Big cities keep a name that is also a person's name: "Houston", "Dallas", "Phoenix" in news are
# nearly always the city, while "Austin" or "Lincoln" are as often a person.
PERSON_NAME_EXEMPT_POPULATION = 1_000_000
MIN_SSA_BABIES = 50_000  # a first name given to at least this many US babies, 1880-2020
MIN_KB_PEOPLE = 2  # a first name or surname shared by at least this many known speakers
MIN_WORD_TAGS = 3  # a word whose lowercase senses are tagged this often in WordNet's SemCor counts

# Short English forms of country names that no source lists as names. "US" is left out: in
# all-caps headlines it is the pronoun.
COUNTRY_SHORT_FORMS = {
    "US": ["U.S.", "U.S.A.", "USA", "America"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "AE": ["UAE", "U.A.E."],
    "CD": ["DRC", "DR Congo"],
    "KR": ["Korea"],
}
# Natural Earth's alternate names are free text; these words mark a note, not a name.
PARTICLES = {"al", "an", "ar", "as", "ash", "at", "ad", "ed", "el", "de", "del", "della", "der",
             "des", "di", "do", "dos", "da", "das", "du", "la", "las", "le", "les", "los", "of",
             "on", "upon", "the", "und", "am", "im", "en", "y", "e", "sur", "sous", "and", "in"}


@dataclass
class Place:
    name: str
    kind: str
    country: str
    population: int | None = None


@dataclass
class Exclusions:
    """Why a name is not a place name: the evidence, from data."""
    ssa: dict[str, int]  # lowercase first name -> babies
    surnames: set[str]  # lowercase surnames among the 1,000 most common
    kb_names: dict[str, int]  # lowercase given name or surname -> known speakers
    words: dict[str, int]  # lowercase word -> SemCor tags of its lowercase senses
    wordnet_places: set[str]  # lowercase names whose most frequent WordNet noun sense is a place
    dropped: dict[str, collections.Counter] = field(default_factory=dict)

    def person_reason(self, name: str) -> str | None:
        key = ascii_fold(name).lower()
        if self.ssa.get(key, 0) >= MIN_SSA_BABIES:
            return "first name (SSA)"
        if key in self.surnames:
            return "surname (Census)"
        if self.kb_names.get(key, 0) >= MIN_KB_PEOPLE:
            return "name of known speakers"
        return None

    def word_reason(self, name: str) -> str | None:
        return "English word (WordNet)" if self.words.get(name.lower(), 0) >= MIN_WORD_TAGS else None

    def first_sense_is_place(self, name: str) -> bool:
        return name.lower() in self.wordnet_places

    def keep(self, place: Place, exempt_person: bool, exempt_word: bool = False) -> bool:
        reason = (None if exempt_word else self.word_reason(place.name)) or (
            None if exempt_person else self.person_reason(place.name))
        if reason:
            self.dropped.setdefault(reason, collections.Counter())[(place.name, place.kind)] += 1
        return reason is None


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geonames", required=True, help="ali-hv/geobank-data (cities15000, countryInfo)")
    parser.add_argument("--geonames-admin1", required=True, help="mappingbitcoin/mappingbitcoin")
    parser.add_argument("--geonames-admin2", required=True, help="openeventdata/es-geonames")
    parser.add_argument("--admin2-commit", default="aacd28380493f01892a86cec94abfe2b8f1c7f43",
                        help="es-geonames commit that still has admin2Codes.txt")
    parser.add_argument("--natural-earth", required=True, help="martynafford/natural-earth-geojson")
    parser.add_argument("--ssa-names", required=True, help="hackerb9/ssa-baby-names")
    parser.add_argument("--census-surnames", required=True, help="afrasier/synth-data")
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"),
                        help="WordNet 3.0 dict folder (Debian wordnet-base)")
    parser.add_argument("--speakers", type=Path, default=DATA / "speakers.csv")
    parser.add_argument("--out", type=Path, default=DATA / "places.csv")
    return parser.parse_args(argv)


# --- reading the sources -------------------------------------------------------------------


def show_bytes(snap: Snapshot, path: str, rev: str | None = None) -> bytes:
    done = subprocess.run(["git", "--git-dir", str(snap.git_dir), "show", f"{rev or snap.commit}:{path}"],
                          capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"git show {path} failed in {snap.git_dir}: {done.stderr.decode().strip()}")
    return done.stdout


def tsv_rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def natural_earth(snap: Snapshot, path: str) -> list[dict]:
    """The properties of every feature of one GeoJSON layer kept as a .7z archive."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "layer.7z"
        archive.write_bytes(show_bytes(snap, path))
        done = subprocess.run(["7z", "e", "-so", str(archive)], capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"7z could not read {path}: {done.stderr.decode().strip()}")
    return [feature["properties"] for feature in json.loads(done.stdout)["features"]]


def geonames_cities(snap: Snapshot) -> list[list[str]]:
    with zipfile.ZipFile(io.BytesIO(show_bytes(snap, "cities15000.zip"))) as archive:
        return tsv_rows(archive.read("cities15000.txt").decode("utf-8"))


def census_surnames(snap: Snapshot) -> set[str]:
    text = snap.show("synth_data/raw_data/2010_Census_Surnames.csv")
    return {row["Name"].strip().lower() for row in csv.DictReader(io.StringIO(text)) if row["Name"].strip()}


def speaker_name_counts(path: Path) -> dict[str, int]:
    """How many known speakers have each word as their first word or last word of their name."""
    people: dict[str, set[str]] = collections.defaultdict(set)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            words = [w for w in re.split(r"[\s.]+", ascii_fold(row["name"]).lower()) if len(w) > 2]
            for word in words[:1] + words[-1:]:
                people[word].add(row["id"] or row["name"])
    return {word: len(ids) for word, ids in people.items()}


NOUN_LOCATION = 15  # WordNet's lexicographer file noun.location


def wordnet_senses(folder: Path) -> tuple[dict[str, int], set[str]]:
    """From WordNet 3.0: lowercase word -> SemCor tag count of the senses where WordNet writes it
    in lowercase (how common a word it is), and the names whose most frequent noun sense is a
    place written with a capital (Georgia, Washington; not Lincoln, Jordan)."""
    lowercase_senses: set[str] = set()
    noun_synsets: dict[str, tuple[int, set[str]]] = {}
    for pos, number in (("noun", 1), ("verb", 2), ("adj", 3), ("adv", 4)):
        for line in (folder / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            lexfile, ss_type, count = int(fields[1]), fields[2], int(fields[3], 16)
            type_number = 5 if ss_type == "s" else number
            words = []
            for i in range(count):
                word, lex_id = re.sub(r"\(.*\)$", "", fields[4 + 2 * i]), int(fields[5 + 2 * i], 16)
                words.append(word)
                if word == word.lower():
                    lowercase_senses.add(f"{word.lower()}%{type_number}:{lexfile:02d}:{lex_id:02d}")
            if pos == "noun":
                noun_synsets[fields[0]] = (lexfile, set(words))
    tags: dict[str, int] = collections.Counter()
    for line in (folder / "cntlist.rev").read_text(encoding="latin-1").splitlines():
        key, _sense, count = line.split()
        if ":".join(key.split(":")[:3]) in lowercase_senses:
            tags[key.split("%")[0].replace("_", " ")] += int(count)
    places = set()
    for line in (folder / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        lemma, pointer_count = fields[0], int(fields[3])
        first = fields[4 + pointer_count + 2]
        lexfile, words = noun_synsets[first]
        if lexfile == NOUN_LOCATION and any(w.lower() == lemma and w != w.lower() for w in words):
            places.add(lemma.replace("_", " "))
    return dict(tags), places


# --- names -----------------------------------------------------------------------------------


def is_country_code(code: str | None) -> bool:
    """ISO 3166-1 alpha-2; Natural Earth writes "-1" or "-99" where there is none."""
    return bool(code and re.fullmatch(r"[A-Z]{2}", code))


def is_latin_name(name: str) -> bool:
    """A name written in Latin letters, with only the punctuation that names use."""
    if not name or len(name) < 2 or any(c.isdigit() for c in name) or not name[0].isupper():
        return False
    for char in name:
        if char in " -'.’ʼ&":
            continue
        if not char.isalpha() or "LATIN" not in unicodedata.name(char, ""):
            return False
    return True


def clean_alternate(text: str | None) -> list[str]:
    """Names from one of Natural Earth's free-text alternate-name fields."""
    names = []
    for part in re.split(r"\|", text or ""):
        part = part.strip()
        if not is_latin_name(part) or len(part) < 3 or not re.search(r"[aeiouy]", ascii_fold(part).lower()):
            continue  # "Brd", "Qbl": Natural Earth abbreviations, not names
        words = part.replace("-", " ").split()
        # "Th nh Pho Ho Chy Minh", "Ba qubah": mangled transliterations, not names.
        if any(w[0].islower() and w.lower().strip("'") not in PARTICLES for w in words):
            continue
        names.append(part)
    return names


def with_ampersand(name: str) -> list[str]:
    """"Jammu and Kashmir" is written "Jammu & Kashmir" too (short names only, not formal ones)."""
    if name.count(" and ") == 1 and len(name.split()) <= 5:
        return [name, name.replace(" and ", " & ")]
    return [name]


def names_of(*candidates: str | None) -> list[str]:
    """Each name, its "&" form, and its form without diacritics ("Bogota" for "Bogotá")."""
    seen: list[str] = []
    for candidate in candidates:
        for name in clean_alternate(candidate):
            for variant in with_ampersand(name) + with_ampersand(ascii_fold(name)):
                if variant not in seen and is_latin_name(variant):
                    seen.append(variant)
    return seen


# --- the three kinds ---------------------------------------------------------------------------


def countries(geonames: Snapshot, ne_countries: list[dict]) -> list[Place]:
    places = []
    codes = {}
    for row in tsv_rows(geonames.show("countryInfo.tsv")):
        code, name, population = row[0], row[4], int(row[7] or 0) or None
        codes[code] = population
        for variant in names_of(name) + COUNTRY_SHORT_FORMS.get(code, []):
            places.append(Place(variant, "country", code, population))
    for props in ne_countries:
        code = props.get("ISO_A2") if props.get("ISO_A2") in codes else props.get("ISO_A2_EH")
        if code not in codes:
            continue
        forms = [props.get(k) for k in ("NAME", "NAME_LONG", "ADMIN", "BRK_NAME", "FORMAL_EN", "NAME_ALT")]
        for variant in names_of(*[f for f in forms if f and "." not in f and "," not in f]):
            places.append(Place(variant, "country", code, codes[code]))
    return places


def regions(admin1: Snapshot, ne_admin1: list[dict]) -> list[Place]:
    places = []
    for code, name, ascii_name, _id in tsv_rows(admin1.show("data/admin1CodesASCII.txt")):
        # The ASCII column is kept: for admin-1 it is often the English name ("Imarat ...").
        for variant in names_of(name, ascii_name):
            places.append(Place(variant, "region", code.split(".")[0]))
    for props in ne_admin1:
        if is_country_code(props.get("iso_a2")) and "(" not in (props.get("name") or ""):
            for variant in names_of(props["name"]):
                places.append(Place(variant, "region", props["iso_a2"]))
    return places


def district_headquarters(rows: list[list[str]], admin2_text: str) -> set[str]:
    """GeoNames ids of Indian towns that head their district: marked as the seat of a
    second-order division (PPLA2), or named like the district they lie in (Nagaon in Nagaon)."""
    districts = {}
    for code, name, ascii_name, _id in tsv_rows(admin2_text):
        if code.startswith("IN."):
            districts[code] = {re.sub(r" District$", "", n).lower() for n in (name, ascii_name)}
    seats = set()
    for row in rows:
        if row[8] != "IN" or row[6] != "P":
            continue
        district = districts.get(f"IN.{row[10]}.{row[11]}", set())
        if row[7] in ("PPLA", "PPLA2", "PPLC") or {row[1].lower(), row[2].lower()} & district:
            seats.add(row[0])
    return seats


def cities(rows: list[list[str]], seats: set[str], ne_places: list[dict]) -> list[Place]:
    places = []
    chosen: dict[str, Place] = {}
    for row in rows:
        geoname_id, name, code, country, population = row[0], row[1], row[7], row[8], int(row[14] or 0)
        if row[6] != "P" or code in ("PPLX", "PPLH", "PPLQ", "PPLW"):  # sections, historical, abandoned
            continue
        if population >= MIN_CITY_POPULATION or code == "PPLC" or geoname_id in seats:
            # GeoNames' ASCII name is a transliteration ("Koeln" for "Köln"); names_of adds the
            # plain form without diacritics instead.
            for variant in names_of(name):
                place = Place(variant, "city", country, population)
                places.append(place)
                chosen.setdefault(geoname_id, place)
    # Natural Earth's English names of the same towns (joined on the GeoNames id), and its own
    # towns of 100,000 people that GeoNames lacks.
    for props in ne_places:
        if props.get("ADM0_A3") == "ATA":
            continue
        geoname_id = str(int(props["GEONAMEID"])) if props.get("GEONAMEID") and props["GEONAMEID"] > 0 else ""
        base = chosen.get(geoname_id)
        if base is None and (props.get("POP_MAX") or 0) < MIN_CITY_POPULATION:
            continue
        country = base.country if base else props.get("ISO_A2") or ""
        population = base.population if base else int(props.get("POP_MAX") or 0) or None
        if not is_country_code(country):
            continue
        forms = [props.get("NAME"), props.get("NAMEASCII"), props.get("NAME_EN"), props.get("NAMEPAR"),
                 props.get("NAMEALT")]
        for variant in names_of(*forms):
            places.append(Place(variant, "city", country, population))
    return places


# --- filtering and writing -----------------------------------------------------------------------


def filtered(places: list[Place], exclusions: Exclusions) -> list[Place]:
    """The places whose name passes the exclusions that apply to their kind.

    Countries are never dropped as English words ("Turkey", "China"). A country or region whose
    name is also a common person name stays when WordNet's first sense of the name is a place
    ("Georgia", "Washington", "Israel"), and goes otherwise ("Jordan", "Chad", "Guerrero"). A city
    whose name is a person name stays only when it has a million people ("Paris", "Houston").
    """
    kept = []
    for place in places:
        if place.kind == "city":
            big = (place.population or 0) >= PERSON_NAME_EXEMPT_POPULATION
            ok = exclusions.keep(place, exempt_person=big)
        else:
            first_sense_place = exclusions.first_sense_is_place(place.name)
            ok = exclusions.keep(place, exempt_person=first_sense_place, exempt_word=place.kind == "country")
        if ok:
            kept.append(place)
    return kept


def merged(places: list[Place]) -> list[dict]:
    """One row per name, kind and country, with the largest population known for it."""
    best: dict[tuple[str, str, str], int | None] = {}
    for place in places:
        key = (place.name, place.kind, place.country)
        if key not in best or (place.population or 0) > (best[key] or 0):
            best[key] = place.population
    order = {kind: i for i, kind in enumerate(KINDS)}
    rows = [{"name": n, "kind": k, "country": c, "population": "" if p is None else p}
            for (n, k, c), p in best.items()]
    return sorted(rows, key=lambda r: (order[r["kind"]], r["country"], r["name"]))


def main(argv=None) -> int:
    args = arguments(argv)
    keys = ("geonames", "geonames_admin1", "geonames_admin2", "natural_earth", "ssa_names", "census_surnames")
    snaps = {key: snapshot(getattr(args, key)) for key in keys}
    # es-geonames dropped admin2Codes.txt from its tree later: read the commit that has it.
    admin2 = snaps["geonames_admin2"].git_dir
    snaps["geonames_admin2"] = Snapshot(admin2, args.admin2_commit,
                                        git(admin2, "log", "-1", "--format=%cs", args.admin2_commit).strip())
    ne = snaps["natural_earth"]
    rows = geonames_cities(snaps["geonames"])
    seats = district_headquarters(rows, snaps["geonames_admin2"].show("admin2Codes.txt"))
    places = (countries(snaps["geonames"], natural_earth(ne, "50m/cultural/ne_50m_admin_0_countries.7z"))
              + regions(snaps["geonames_admin1"],
                        natural_earth(ne, "10m/cultural/ne_10m_admin_1_label_points.7z"))
              + cities(rows, seats, natural_earth(ne, "10m/cultural/ne_10m_populated_places.7z")))
    ssa = {name: sum(sexes.values()) for name, sexes in ssa_counts(snaps["ssa_names"]).items()}
    words, wordnet_places = wordnet_senses(args.wordnet)
    exclusions = Exclusions(ssa, census_surnames(snaps["census_surnames"]),
                            speaker_name_counts(args.speakers), words, wordnet_places)
    kept = filtered(places, exclusions)
    out_rows = merged(kept)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    report(out_rows, exclusions, snaps, len(seats))
    return 0


def report(rows: list[dict], exclusions: Exclusions, snaps: dict[str, Snapshot], seats: int) -> None:
    for key, snap in snaps.items():
        print(f"source {key}: {snap.commit} ({snap.date})")
    print(f"Indian district headquarters found: {seats}")
    per_kind = collections.Counter(r["kind"] for r in rows)
    print("rows:", dict(per_kind), "total", len(rows), "distinct names", len({r["name"] for r in rows}))
    kept = {r["name"] for r in rows}
    gone: set[str] = set()
    for reason, counter in sorted(exclusions.dropped.items()):
        names = sorted({name for name, _kind in counter} - kept - gone)
        gone |= set(names)
        per = collections.Counter(kind for name, kind in counter if name in names)
        print(f"dropped as {reason}: {len(names)} names ({dict(per)} rows)")
        print("   ", ", ".join(names))
    still = sorted({name for counter in exclusions.dropped.values() for name, _kind in counter} & kept)
    print(f"dropped for some places but kept for others: {len(still)}:", ", ".join(still))


if __name__ == "__main__":
    sys.exit(main())
