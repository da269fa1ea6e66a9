"""Workbench latency at a million quotes: p50/p95 of each page, and the CSV stream's speed.

    .venv/bin/python bench/serve_latency.py [--db /tmp/serve_latency_1m.db] [--reuse]
        [--quotes 1000000] [--requests 200] [--budget 120] [--port 0]

Builds (or, with --reuse, keeps) a database of synthetic but news-shaped rows, written through
the project's schema (``store.open_db``) and its bulk path (``store.insert_rows``): ~40,000
speakers whose quote counts follow Zipf's law (the most-quoted has tens of thousands), 36
parties (Zipf too), articles of 5-15 quotes with their text, dates 2010-2025 (4% unknown),
quote words from a Zipf vocabulary (real English words first, then a long tail), statements
(12% of quotes repeat an earlier one, a few under another speaker: misattributions) and
20,000 suggested conflicts plus one per misattributed statement. Building 1M quotes took
16 minutes (950 s wall, about half of it CPU: the machine was shared with other jobs), most of
it the full-text and eight other indexes growing as the rows go in; the file is 1.2 GB.
--reuse skips the build.

Then serves the file with ``quoteattr serve`` on a free port, sends each request ``--requests``
times one after another (or until ``--budget`` seconds run out: the count is printed) and prints
p50/p95 per page, then streams the whole ``quote_records`` CSV (``_stream=on``) and prints
rows/s, against Datasette's own stream of the same view for ``--baseline`` seconds in the same
run. Targets (issue 13): every p95 under 300 ms, the CSV at >= 50,000 rows/s.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteattr.schema import conflict_id  # noqa: E402
from quoteattr.store import insert_rows, open_db, quote_id, slug  # noqa: E402

ENGLISH = """the to and of a we in that is this will not it for be are have our they on people with
government i you as but what has do all was country would there by more can from about their them
at been an so who said one no if must going new should make need time state years people's
support party election want because work now why over police law congress those minister tax
india power public america health right jobs money president security world nation should
economy children water farmers war policy budget plan vote reform rights women families
schools prices energy climate trade border court justice peace progress future change""".split()
COMMON_TERM = "government"
PARTIES = ["Democratic Party", "Republican Party", "Bharatiya Janata Party", "Indian National Congress",
           "Labour Party", "Conservative Party", "Aam Aadmi Party", "Trinamool Congress", "Liberal Democrats",
           "Green Party", "Shiv Sena", "Samajwadi Party", "Bahujan Samaj Party", "Janata Dal (United)",
           "Rashtriya Janata Dal", "Communist Party of India (Marxist)", "Telugu Desam Party",
           "Dravida Munnetra Kazhagam", "Biju Janata Dal", "Scottish National Party", "Plaid Cymru",
           "Libertarian Party", "Nationalist Congress Party", "Lok Janshakti Party", "Akali Dal",
           "YSR Congress Party", "Bharat Rashtra Samithi", "Indian National Lok Dal", "Reform UK",
           "Democratic Unionist Party", "Sinn Fein", "Social Democratic and Labour Party",
           "Alliance Party", "Ulster Unionist Party", "Jharkhand Mukti Morcha", "Asom Gana Parishad"]
FIRST = ("Aarav Aditi Amit Anita Arjun Barbara Charles Deepak Elizabeth Emily Gaurav Harish James "
         "Jennifer John Karen Kavita Linda Manoj Maria Mary Michael Nancy Neha Patricia Priya Rahul "
         "Rajesh Ravi Richard Robert Sanjay Sarah Sunita Susan Thomas Vikram William").split()
ROLES = [None, "senator", "minister", "spokesperson", "chief minister", "governor", "MP", "mayor"]
SOURCES = [f"{name}.example" for name in ("dailynews", "timesnow", "herald", "chronicle", "post", "tribune",
                                          "express", "gazette", "observer", "courier", "ledger", "monitor")]


def _zipf_cum(n: int, exponent: float) -> list[float]:
    cum, total = [], 0.0
    for rank in range(n):
        total += 1.0 / (rank + 1) ** exponent
        cum.append(total)
    return cum


def _tail_word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))


class Corpus:
    """The synthetic corpus: speakers, parties, and a generator of articles with their quotes."""

    def __init__(self, seed: int = 13, n_speakers: int = 40_000, vocabulary: int = 60_000):
        self.rng = rng = random.Random(seed)
        self.vocab = ENGLISH + [_tail_word(rng) for _ in range(vocabulary - len(ENGLISH))]
        self.word_cum = _zipf_cum(len(self.vocab), 1.0)
        self.parties = [(slug(name), name) for name in PARTIES]
        party_cum = _zipf_cum(len(PARTIES), 1.1)
        surnames = sorted({_tail_word(rng).capitalize() for _ in range(n_speakers)})
        names, seen = [], set()
        while len(names) < n_speakers:
            name = f"{rng.choice(FIRST)} {rng.choice(surnames)}"
            if slug(name) not in seen:
                seen.add(slug(name))
                names.append(name)
        self.speakers = []  # (id, name, party_id or None, role)
        for name in names:
            party = rng.choices(self.parties, cum_weights=party_cum)[0][0] if rng.random() < 0.8 else None
            self.speakers.append((slug(name), name, party, rng.choice(ROLES)))
        self.speaker_cum = _zipf_cum(n_speakers, 1.0)
        self.party_name = dict(self.parties)

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.word_cum, k=n)

    def sentence(self) -> str:
        words = self.words(self.rng.randint(8, 30))
        return words[0].capitalize() + " " + " ".join(words[1:])


def build(path: Path, n_quotes: int, seed: int = 13) -> None:
    """Write the synthetic database at ``path`` (replacing any file there)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    corpus = Corpus(seed)
    rng = corpus.rng
    db = open_db(path)
    db.execute("pragma synchronous = off")
    db.execute("pragma cache_size = -500000")
    with db.atomic():
        insert_rows(db, "parties", ["id", "name", "aliases"], [(pid, name, "[]") for pid, name in corpus.parties])
        insert_rows(db, "speakers", ["id", "name", "kind", "party_id", "role"],
                    [(sid, name, "person", party, role) for sid, name, party, role in corpus.speakers])
    statements: dict[str, list] = {}  # id -> [text, speaker names, first, last, n, article ids, sources]
    pool: list[tuple] = []  # recent (statement id, text, speaker) to repeat
    start_day, n_days = date(2010, 1, 1), (date(2025, 12, 31) - date(2010, 1, 1)).days
    article_cols = ["id", "source", "title", "url", "date", "text", "n_quotes", "date_source", "origin",
                    "content_hash", "extractor"]
    quote_cols = ["id", "article_id", "speaker_id", "party_id", "date", "text", "start", "end", "is_fragment",
                  "kind", "speaker_name", "role", "cue", "evidence", "party_evidence", "confidence", "method",
                  "statement_id"]
    written, n_article = 0, 0
    while written < n_quotes:
        articles, quotes = [], []
        for _ in range(10_000):
            if written >= n_quotes:
                break
            n_article += 1
            article_id = hashlib.sha1(f"article {n_article}".encode()).hexdigest()[:16]
            day = None if rng.random() < 0.04 else (start_day + timedelta(days=rng.randrange(n_days))).isoformat()
            source = rng.choice(SOURCES)
            title = corpus.sentence()[:80]
            text, rows = title + "\n", []
            for _ in range(min(rng.randint(5, 15), n_quotes - written)):
                if pool and rng.random() < 0.12:  # said again, by the same speaker but now and then
                    statement, words, speaker = pool[min(int(rng.paretovariate(1.2)) - 1, len(pool) - 1)]
                    if rng.random() < 0.03:
                        speaker = rng.choice(corpus.speakers)
                else:
                    speaker = corpus.speakers[rng.choices(range(len(corpus.speakers)), cum_weights=corpus.speaker_cum)[0]] \
                        if rng.random() < 0.85 else None
                    statement, words = None, corpus.sentence()
                name = speaker[1] if speaker else None
                prefix = "\n“"
                start = len(text) + len(prefix)
                text += prefix + words + ",” " + (f"{name} said." if name else "a spokesperson said.")
                qid = quote_id(article_id, start, start + len(words))
                statement = statement or "st-" + hashlib.sha1(qid.encode()).hexdigest()[:12]
                party = speaker[2] if speaker else None
                rows.append((qid, article_id, speaker[0] if speaker else None, party, day, words, start,
                             start + len(words), 0, "speech", name, speaker[3] if speaker else None, "said",
                             f"{name} said" if name else None,
                             f"{corpus.party_name[party]} {speaker[3] or 'leader'} {name}" if party else None,
                             round(rng.uniform(0.4, 0.99), 3), "cue" if speaker else "none", statement))
                entry = statements.get(statement)
                if entry is None:
                    entry = statements[statement] = [words, set(), day, day, 0, set(), set()]
                    pool.append((statement, words, speaker))
                    if len(pool) > 20_000:
                        pool.pop(0)
                if name:
                    entry[1].add(name)
                if day:
                    entry[2] = min(entry[2] or day, day)
                    entry[3] = max(entry[3] or day, day)
                entry[4] += 1
                entry[5].add(article_id)
                entry[6].add(source)
                written += 1
            articles.append((article_id, source, title, f"https://{source}/{n_article}", day, text, len(rows),
                             "meta" if day else None, None, hashlib.sha1(text.encode()).hexdigest(), "bench"))
            quotes.extend(rows)
        with db.atomic():
            insert_rows(db, "articles", article_cols, articles)
            insert_rows(db, "quotes", quote_cols, quotes)
        print(f"  {written:,} quotes, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    misattributed = []
    with db.atomic():
        def statement_rows():
            for sid, (words, names, first, last, n, arts, sources) in statements.items():
                if len(names) > 1:
                    misattributed.append((sid, sorted(names)))
                yield (sid, words, json.dumps(sorted(names)), len(names), int(len(names) > 1), first, last, n,
                       len(arts), len(sources))
        insert_rows(db, "statements", ["id", "canonical_text", "speakers", "n_speakers", "speaker_conflict",
                                       "first_seen", "last_seen", "n_quotes", "n_articles", "n_sources"],
                    statement_rows())
        ids = list(statements)
        conflicts = {}
        while len(conflicts) < 20_000:
            a, b = sorted(rng.sample(ids, 2))
            signals = [{"signal": "polarity", "words_a": ["will"], "words_b": ["not"], "reason": "one says not"}]
            conflicts[conflict_id(a, b)] = (conflict_id(a, b), a, b, rng.choice(["self", "party", "cross"]),
                                            round(rng.uniform(0.1, 1.0), 3), "one denies what the other says",
                                            json.dumps(signals), rng.randrange(2000), "suggested")
        for sid, names in misattributed:
            conflicts[conflict_id(sid, sid)] = (conflict_id(sid, sid), sid, sid, "misattribution", 1.0,
                                                f"the same words are attributed to {' and '.join(names)}", "[]",
                                                None, "suggested")
        insert_rows(db, "conflicts", ["id", "statement_a", "statement_b", "kind", "score", "reason", "signals",
                                      "days_apart", "origin"], conflicts.values())
    db.execute("analyze")
    db.conn.close()
    print(f"built {path}: {written:,} quotes, {n_article:,} articles, {len(statements):,} statements, "
          f"{len(conflicts):,} conflicts in {time.perf_counter() - started:.0f}s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"quoteattr serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("quoteattr serve did not start")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, response.read()


def measure(port: int, paths: list[str], requests: int, budget: float) -> tuple[list[float], int]:
    """Milliseconds of each request (cycling through ``paths``), one at a time; the last status."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    get(conn, paths[0])  # a first request warms this page's caches, as any served page is
    times, status, deadline = [], 200, time.perf_counter() + budget
    for i in range(requests):
        t = time.perf_counter()
        status, _ = get(conn, paths[i % len(paths)])
        times.append((time.perf_counter() - t) * 1000)
        if status != 200 or time.perf_counter() > deadline:
            break
    conn.close()
    return times, status


def stream_csv(port: int, path: str, budget: float) -> tuple[int, float, bool]:
    """(rows, seconds, complete) of one streamed CSV download."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    started, newlines, complete = time.perf_counter(), 0, True
    while True:
        chunk = response.read(1 << 20)
        if not chunk:
            break
        newlines += chunk.count(b"\n")
        if time.perf_counter() - started > budget:
            complete = False
            break
    seconds = time.perf_counter() - started
    conn.close()
    return newlines - 1, seconds, complete


def targets(path: Path) -> dict[str, list[str]]:
    import sqlite3

    conn = sqlite3.connect(path)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    speaker = one("select speaker_id from quotes where speaker_id is not null "
                  "group by speaker_id order by count(*) desc limit 1")
    party = one("select party_id from quotes where party_id is not null group by party_id order by count(*) desc limit 1")
    conn.execute("create virtual table temp.vocabulary using fts5vocab(main, quotes_fts, row)")
    rare = one("select term from temp.vocabulary where doc between 5 and 30 limit 1")  # a word in 5-30 quotes
    matches = {term: one(f"select count(*) from quotes_fts where quotes_fts match '\"{term}\"'")
               for term in (COMMON_TERM, rare)}
    sizes = [one(f"select count(*) from quotes where {column} = '{key}'")
             for column, key in (("speaker_id", speaker), ("party_id", party))]
    statements = [r[0] for r in conn.execute("select id from statements where rowid % 997 = 0 limit 200")]
    busy = [r[0] for r in conn.execute("select id from statements order by n_quotes desc limit 20")]
    conn.close()
    return {
        f"search common ({COMMON_TERM}: {matches[COMMON_TERM]:,} matches)": [f"/-/search?q={COMMON_TERM}"],
        f"search rare ({rare}: {matches[rare]:,} matches)": [f"/-/search?q={rare}"],
        f"speaker (most quoted: {speaker}, {sizes[0]:,} quotes)": [f"/-/speaker/{speaker}"],
        f"party (largest: {party}, {sizes[1]:,} quotes)": [f"/-/party/{party}"],
        "party, page 100": [f"/-/party/{party}?page=100"],
        "statement (200 sampled + 20 most repeated)": [f"/-/statement/{s}" for s in statements + busy],
        "article (sampled)": [],
        "conflicts": ["/-/conflicts"],
        "quote_records ?_facet=party": ["/quoteattr/quote_records?_facet=party"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/serve_latency_1m.db"))
    parser.add_argument("--reuse", action="store_true", help="keep the database at --db when it exists")
    parser.add_argument("--quotes", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--budget", type=float, default=120, help="seconds at most per page")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--only", help="measure only pages whose label contains this ('csv': the CSV stream)")
    parser.add_argument("--baseline", type=float, default=60, help="seconds of Datasette's own CSV stream")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        build(args.db, args.quotes)
    pages = targets(args.db)
    import sqlite3

    conn = sqlite3.connect(args.db)
    pages["article (sampled)"] = [f"/-/article/{r[0]}" for r in conn.execute(
        "select id from articles where rowid % 499 = 0 limit 200")]
    n_records = conn.execute("select count(*) from quotes").fetchone()[0]
    conn.close()
    # Datasette names the database after the file: serve a link called quoteattr.db.
    link = Path(f"/tmp/serve_latency_{os.getpid()}") / "quoteattr.db"
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(args.db.resolve())
    port = args.port or free_port()
    env = dict(os.environ, DATASETTE_SECRET=os.urandom(16).hex())  # no FILE.secret beside the link
    server = subprocess.Popen([str(ROOT / ".venv/bin/quoteattr"), "serve", "--db", str(link), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for(port, server)
        print(f"{n_records:,} quotes, served by quoteattr serve on port {port}; "
              f"{args.requests} requests per page, one at a time\n")
        print(f"{'page':62} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}  status")
        for label, paths in pages.items():
            if args.only and args.only not in label:
                continue
            times, status = measure(port, paths, args.requests, args.budget)
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
            flag = "" if p95 < 300 else "  over 300 ms"
            print(f"{label:62} {len(times):4} {p50:8.1f} {p95:8.1f}  {status}{flag}", flush=True)
        if not args.only or "csv" in args.only:
            rows, seconds, complete = stream_csv(port, "/quoteattr/quote_records.csv?_stream=on&_size=max",
                                                 max(args.budget, 300))
            note = "" if complete else f" (stopped after {seconds:.0f}s: incomplete)"
            print(f"\nquote_records CSV (_stream=on): {rows:,} rows in {seconds:.1f}s = "
                  f"{rows / seconds:,.0f} rows/s{note}; target >= 50,000")
            # Baseline, same server: Datasette's own view stream (any other argument, here
            # _header=on, leaves the request to it), for --baseline seconds.
            base_rows, base_seconds, base_complete = stream_csv(
                port, "/quoteattr/quote_records.csv?_stream=on&_size=max&_header=on", args.baseline)
            state = "all rows" if base_complete else f"the first {base_rows:,} rows, then stopped"
            print(f"Datasette's own stream of the view: {state} in {base_seconds:.1f}s = "
                  f"{base_rows / base_seconds:,.0f} rows/s (its rate falls as the OFFSET grows); "
                  f"quoteattr's one-pass stream: {(rows / seconds) / (base_rows / base_seconds):.1f}x")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(link.parent)


if __name__ == "__main__":
    main()
