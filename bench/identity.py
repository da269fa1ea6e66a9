"""Identity on a real corpus: the most-quoted speakers, non-people, duplicates of one person.

    .venv/bin/python bench/identity.py /work/data/polnear_train/articles [--db FILE] [--top 100]

Ingests CORPUS with the project's own command (``python -m quoteattr.cli ingest``) into a
temporary database (or into --db, where an ingest of what is stored already does nothing),
then prints:

* the --top most-quoted speakers with their kind, id and aliases (name forms with counts);
* persons that are not people: speakers of kind person whose name this script's own check
  takes for a place, a building, a day, a dateline, a pronoun, a party or a headline fragment;
* pairs of speakers that are one person: same knowledge-base id, or same surname with
  compatible first names (equal, an initial, a nickname, a spelling variant, or one of the
  two written with the surname alone), the suffix (Jr.) the same;
* the share of the quotes of the 20 most-quoted people that sit under their one id (their
  quotes, plus those of every speaker the pair check calls the same person);
* how many roles hold the quote-mask placeholder ("Qxxx").

The checks are deliberately independent of quoteattr.identity: they read only names and ids.
It also works on a database built before speaker identities existed (no speaker_aliases
table: a speaker's aliases are then the names its quotes were stored under).
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz

QUOTEATTR = [sys.executable, "-m", "quoteattr.cli"]
TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator", "shri", "smt", "sir",
          "former", "the", "gen", "secretary"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
NICKNAMES = [
    {"bill", "william", "will", "billy"}, {"bob", "robert", "rob", "bobby"}, {"dick", "richard", "rick"},
    {"jim", "james", "jimmy"}, {"joe", "joseph"}, {"mike", "michael"}, {"tom", "thomas"},
    {"ted", "edward", "theodore"}, {"ben", "benjamin"}, {"chris", "christopher"},
    {"newt", "newton"}, {"bernie", "bernard"}, {"chuck", "charles", "charlie"}, {"hank", "henry"},
    {"liz", "elizabeth", "beth"}, {"kate", "katherine", "catherine", "kathy"}, {"tim", "timothy"},
    {"dan", "daniel", "danny"}, {"dave", "david"}, {"steve", "steven", "stephen"}, {"jeff", "jeffrey"},
    {"nick", "nicholas"}, {"andy", "andrew"}, {"tony", "anthony"}, {"larry", "lawrence"},
    {"barack", "barry"}, {"jeb", "john"}, {"rudy", "rudolph"}, {"pat", "patrick", "patricia"},
]
PLACE_WORDS = {"tower", "towers", "building", "hall", "street", "avenue", "square", "airport", "station",
               "house", "center", "centre", "capitol", "county", "city", "state", "park"}
DAYS = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
           "july august september october november december".split())
HEADLINE_WORDS = set("""calls call rips rip slams slam blasts blast says say hits hit attacks attack defends defend
vows vow urges urge speech rally debate poll video tweets tweet vs lawmakers voters warns warn
accuses accuse mocks mock praises praise endorses endorse backs back fires fire""".split())
PRONOUNS = {"i", "we", "you", "he", "she", "they", "it", "this", "that", "who"}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_words(name: str) -> tuple[list[str], str]:
    """A name's words without titles, and its suffix (jr, sr, ii ...) apart."""
    words = [w.strip(".,") for w in fold(name).replace("-", " ").split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    suffix = ""
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = words.pop()
    return words, suffix


def first_names_compatible(a: str, b: str) -> bool:
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return True
    if any(a in group and b in group for group in NICKNAMES):
        return True
    return a[0] == b[0] and fuzz.ratio(a, b) >= 85


def same_person(a: dict, b: dict) -> str | None:
    """Why speakers ``a`` and ``b`` look like one person, or None."""
    if a["person_id"] and a["person_id"] == b["person_id"]:
        return f"same knowledge-base id {a['person_id']}"
    wa, sa = name_words(a["name"])
    wb, sb = name_words(b["name"])
    if not wa or not wb or sa != sb:
        return None
    if len(wa) == 1 and len(wb) == 1:
        return "same name" if wa == wb else None
    if len(wa) == 1 or len(wb) == 1:
        single, full = (wa, wb) if len(wa) == 1 else (wb, wa)
        return "one written with the surname alone" if single[0] == full[-1] else None
    if wa[-1] != wb[-1] and not (wa[0] == wb[0] and min(len(wa[-1]), len(wb[-1])) >= 5
                                 and fuzz.ratio(wa[-1], wb[-1]) >= 90):
        return None
    if not first_names_compatible(wa[0], wb[0]):
        return None
    return "same surname, compatible first names"


def not_a_person(name: str, party_names: set[str]) -> str | None:
    """Why the name of a speaker stored as a person is not a person's name, or None."""
    from quoteattr.places import is_place

    words = [w.strip(".,'\u2019") for w in name.split()]
    low = [fold(w) for w in words]
    if not words:
        return "empty"
    if len(words) == 1 and low[0] in PRONOUNS:
        return "a pronoun"
    if is_place(name) or is_place(name.title()):
        return "a place"
    if name.isupper() and len(name) > 3:
        return "capitals (a dateline)"
    if low[-1] in PLACE_WORDS:
        return "a building or place"
    if any(w in DAYS for w in low):
        return "a day or month"
    if fold(name) in party_names:
        return "a party"
    if any(w in HEADLINE_WORDS for w in low):
        return "a headline fragment"
    if any(ch.isdigit() for ch in name):
        return "digits"
    if len(words) > 4:
        return "too many words for a name"
    return None


def ingest(corpus: str, db: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([*QUOTEATTR, "ingest", corpus, "--db", str(db)], stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    last = [line for line in result.stderr.replace("\r", "\n").splitlines() if line.strip()][-3:]
    print("ingest:", " | ".join(last), f"({seconds:.1f} s)")
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return seconds


def identity_seconds(db: Path) -> float | None:
    """Time of a full identity recompute (``quoteattr identity --full``), when the command exists."""
    start = time.perf_counter()
    result = subprocess.run([*QUOTEATTR, "identity", "--db", str(db), "--full"], capture_output=True, text=True)
    if result.returncode != 0:
        return None
    return time.perf_counter() - start


def speakers_of(conn: sqlite3.Connection) -> list[dict]:
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    quote_columns = {r[1] for r in conn.execute("pragma table_info(quotes)")}
    person_expr = "(select max(person_id) from quotes where speaker_id = s.id)" if "person_id" in quote_columns else "null"
    speaker_columns = {r[1] for r in conn.execute("pragma table_info(speakers)")}
    if "person_id" in speaker_columns:
        person_expr = "s.person_id"
    rows = conn.execute(f"""
        select s.id, s.name, s.kind, {person_expr}, s.role, count(q.id) as n
        from speakers s join quotes q on q.speaker_id = s.id group by s.id order by n desc, s.name
    """).fetchall()
    speakers = [{"id": r[0], "name": r[1], "kind": r[2], "person_id": r[3], "role": r[4], "n": r[5]} for r in rows]
    aliases: dict[str, list[tuple[str, int]]] = defaultdict(list)
    if "speaker_aliases" in tables:
        for sid, alias, count in conn.execute("select speaker_id, alias, count from speaker_aliases order by count desc, alias"):
            aliases[sid].append((alias, count))
    else:
        for sid, alias, count in conn.execute("""select speaker_id, speaker_name, count(*) c from quotes
                                                 where speaker_id is not null group by 1, 2 order by c desc, 2"""):
            aliases[sid].append((alias, count))
    for s in speakers:
        s["aliases"] = aliases.get(s["id"], [])
    return speakers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a folder (or file) of articles quoteattr ingest reads")
    parser.add_argument("--db", type=Path, help="database to ingest into and read (default: a temporary one)")
    parser.add_argument("--top", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "identity.db"
        ingest_time = ingest(args.corpus, db)
        full_identity = identity_seconds(db)
        conn = sqlite3.connect(db)
        report(conn, args.top, ingest_time, full_identity)
        conn.close()


def report(conn: sqlite3.Connection, top_n: int, ingest_time: float, full_identity: float | None) -> None:
    speakers = speakers_of(conn)
    party_names = set()
    for name, abbreviation, aliases in conn.execute("select name, abbreviation, aliases from parties"):
        party_names |= {fold(n) for n in [name, abbreviation, *re.findall(r'"([^"]+)"', aliases or "")] if n}
    top = speakers[:top_n]
    print(f"\nThe {len(top)} most-quoted speakers (quotes, kind, id, name: aliases with counts)")
    for rank, s in enumerate(top, 1):
        shown = ", ".join(f"{a} ({c})" for a, c in s["aliases"][:8]) + (" ..." if len(s["aliases"]) > 8 else "")
        print(f"{rank:3d} {s['n']:5d} {s['kind'] or '-':12s} {s['id']}  {s['name']}: {shown}")

    people = [s for s in speakers if s["kind"] == "person"]
    not_people = [(s, why) for s in people if (why := not_a_person(s["name"], party_names))]
    top_ids = {s["id"] for s in top}
    print(f"\nPersons that are not people: {len(not_people)} of {len(people)} "
          f"({sum(1 for s, _ in not_people if s['id'] in top_ids)} in the top {top_n})")
    for s, why in not_people[:40]:
        print(f"   {s['n']:5d} {s['name']!r}: {why}")

    by_surname: dict[str, list[dict]] = defaultdict(list)
    for s in people:
        words, _ = name_words(s["name"])
        if words:
            by_surname[words[-1]].append(s)
            if len(words) > 1 and len(words[-1]) >= 5:
                by_surname[words[-1][:4]].append(s)  # spelling variants of the surname meet here
    pairs: dict[tuple[str, str], str] = {}
    for group in by_surname.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                key = tuple(sorted((a["id"], b["id"])))
                if key not in pairs and a["id"] != b["id"] and (why := same_person(a, b)):
                    pairs[key] = why
    by_kb: dict[str, list[dict]] = defaultdict(list)
    for s in people:
        if s["person_id"]:
            by_kb[s["person_id"]].append(s)
    for group in by_kb.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                pairs.setdefault(tuple(sorted((a["id"], b["id"]))), f"same knowledge-base id {a['person_id']}")
    within = [p for p in pairs if p[0] in top_ids and p[1] in top_ids]
    touching = [p for p in pairs if p[0] in top_ids or p[1] in top_ids]
    names = {s["id"]: s for s in speakers}
    print(f"\nPairs of speakers that look like one person: {len(within)} within the top {top_n}, "
          f"{len(touching)} with at least one of them in it, {len(pairs)} in all")
    outside = [p for p in pairs if p not in set(touching)]
    for shown, label in ((touching, ""), (outside, "outside the top: ")):
        for a, b in sorted(shown, key=lambda p: -(names[p[0]]["n"] + names[p[1]]["n"]))[:60]:
            print(f"   {label}{names[a]['name']!r} ({names[a]['n']}) ~ {names[b]['name']!r} ({names[b]['n']}): "
                  f"{pairs[a, b]}")

    # People as this script's checks see them: speakers joined by the pair check (a name written
    # with the surname alone joins the most-quoted person it fits), the 20 largest of them.
    parent = {s["id"]: s["id"] for s in people}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    alone: dict[str, list[str]] = defaultdict(list)
    for (a, b), why in pairs.items():
        if why.startswith("one written with the surname alone"):
            single, full = (a, b) if len(name_words(names[a]["name"])[0]) == 1 else (b, a)
            alone[single].append(full)
        else:
            parent[find(a)] = find(b)
    for single, fulls in alone.items():
        best = max(fulls, key=lambda f: (names[f]["n"], f))
        parent[find(single)] = find(best)
    groups: dict[str, list[dict]] = defaultdict(list)
    for s in people:
        groups[find(s["id"])].append(s)
    ranked = sorted(groups.values(), key=lambda g: -sum(s["n"] for s in g))[:20]
    under = sum(max(s["n"] for s in g) for g in ranked)
    total = sum(s["n"] for g in ranked for s in g)
    print(f"\nThe 20 most-quoted people: {under} of {total} of their quotes under their one id")
    for g in ranked:
        g = sorted(g, key=lambda s: -s["n"])
        if len(g) > 1:
            print(f"   {g[0]['name']}: {g[0]['n']} under {g[0]['id']}; "
                  + ", ".join(f"{s['n']} under {s['id']}" for s in g[1:]))

    masked_quotes = conn.execute("select count(*) from quotes where role like '%Qxxx%'").fetchone()[0]
    masked_speakers = conn.execute("select count(*) from speakers where role like '%Qxxx%'").fetchone()[0]
    share = under / total if total else 1.0
    print(f"\nSUMMARY speakers {len(speakers)} (persons {len(people)}); top {top_n}: not people "
          f"{sum(1 for s, _ in not_people if s['id'] in top_ids)}, duplicate pairs {len(within)} within / "
          f"{len(touching)} touching; all persons: not people {len(not_people)}, duplicate pairs {len(pairs)}; "
          f"top-20 people's quotes under their one id {share:.3f} ({under}/{total}); roles with the mask "
          f"placeholder: {masked_quotes} quotes, {masked_speakers} speakers")
    timing = f"ingest {ingest_time:.1f} s"
    if full_identity is not None:
        timing += f"; full identity recompute {full_identity:.1f} s"
        if ingest_time > 60:  # a first ingest, not a re-run over a stored corpus
            timing += f" = {full_identity / ingest_time:.3f} of the ingest"
    print("TIMING " + timing)


if __name__ == "__main__":
    main()
