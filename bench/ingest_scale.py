"""Ingest at scale: first run, unchanged re-run, 1% new articles, kill -9 and resume, peak memory.

    .venv/bin/python bench/ingest_scale.py --paragraphs /work/data/polnear_train/articles \
        [--sizes 1000 10000] [--kill-sizes 1000] [--seed 7] [--workdir DIR] [--workers 1]

Corpora are built from real news paragraphs (any folder of .txt articles, e.g. the PolNeAR
train articles): each synthetic article takes a run of paragraphs from one article, mixes
in paragraphs from two others, and gets its own date (2015-2017), outlet and, for half of
them, a URL. 85% are text files with headers, 10% rows of JSON Lines files, 5% saved web
pages (HTML). Nothing is fetched. Every step runs ``quoteattr ingest`` in its own process;
its wall time and peak memory (max RSS, from wait4) are printed, and ratios are taken
against the first ingest of the same corpus in the same run:

* first ingest of N articles;
* re-ingest of the unchanged corpus (goal: under 5% of the first);
* the corpus plus 1% new articles (goal: under 3% of the first);
* (sizes in --kill-sizes) an ingest into a fresh database killed with SIGKILL at a random
  moment, then resumed: the tables must hold the same rows as the uninterrupted run's
  database, and the killed part plus the resume must take less than two full runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTEATTR = [sys.executable, "-m", "quoteattr.cli"]
OUTLETS = ["Daily Ledger", "The Courier", "Metro Herald", "Evening Post", "Capitol Wire", "National Review Desk",
           "Midwest Tribune", "Coastal Times", "Press Agency", "Wire Service", "Morning Star", "Civic Journal"]
CPU_SECONDS: list[float] = []
TABLES = ["articles", "parties", "speakers", "quotes", "statements", "conflicts", "conflict_reviews",
          "pending_conflict_checks"]


def load_paragraphs(folder: Path) -> list[list[str]]:
    """The paragraphs of each article in ``folder`` (headers such as ``date ...`` dropped)."""
    articles = []
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        paragraphs = [line for line in lines if line and not line.startswith(("date ", "title:", "url:", "source:"))]
        if len(paragraphs) >= 3:
            articles.append(paragraphs)
    if not articles:
        raise SystemExit(f"no articles with 3+ paragraphs in {folder}")
    return articles


def synthetic_article(rng: random.Random, pool: list[list[str]], number: int) -> dict:
    base = rng.choice(pool)
    start = rng.randrange(0, max(1, len(base) - 3))
    paragraphs = base[start:start + rng.randint(4, 18)]
    for other in rng.sample(pool, 2):
        at = rng.randrange(len(other))
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), other[at])
        if rng.random() < 0.5 and at + 1 < len(other):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), other[at + 1])
    outlet = rng.choice(OUTLETS)
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))
    title = paragraphs[0][:80].rstrip(" .,") or f"Article {number}"
    slug = hashlib.sha1(f"{number}".encode()).hexdigest()[:10]
    url = f"https://{outlet.lower().replace(' ', '-')}.example/{date:%Y/%m}/{slug}" if rng.random() < 0.5 else None
    return {"title": title, "date": date.isoformat(), "source": outlet, "url": url, "paragraphs": paragraphs}


def write_corpus(folder: Path, n: int, seed: int, pool: list[list[str]], first_number: int = 0) -> None:
    """``n`` articles in ``folder``: text files, JSON Lines files of 50 rows, and web pages."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    for k in range(n):
        number = first_number + k
        a = synthetic_article(rng, pool, number)
        kind = rng.random()
        if kind < 0.85:
            header = [f"title: {a['title']}", f"date: {a['date']}", f"source: {a['source']}"]
            if a["url"]:
                header.append(f"url: {a['url']}")
            text = "\n".join(header) + "\n\n" + "\n\n".join(a["paragraphs"]) + "\n"
            (folder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
        elif kind < 0.95:
            rows.append({"id": f"n{number}", "text": "\n\n".join(a["paragraphs"]), "date": a["date"],
                         "title": a["title"], "source": a["source"], "url": a["url"]})
            if len(rows) == 50:
                _write_jsonl(folder, rows)
                rows = []
        else:
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in a["paragraphs"])
            meta = f'<meta property="article:published_time" content="{a["date"]}">'
            meta += f'<meta property="og:site_name" content="{html.escape(a["source"])}">'
            if a["url"]:
                meta += f'<link rel="canonical" href="{a["url"]}">'
            page = (f"<html><head><title>{html.escape(a['title'])}</title>{meta}</head><body><nav>Home | Politics</nav>"
                    f"<article><h1>{html.escape(a['title'])}</h1>\n{body}</article><footer>All rights reserved</footer></body></html>")
            (folder / f"{number:06d}.html").write_text(page, encoding="utf-8")
    if rows:
        _write_jsonl(folder, rows)


def _write_jsonl(folder: Path, rows: list[dict]) -> None:
    path = folder / f"batch-{rows[0]['id']}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def run(args: list[str], kill_after: float | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one ``quoteattr`` run; killed with SIGKILL after ``kill_after`` s.

    Its CPU time (user + system) is printed too: on a shared machine wall time also measures the neighbours.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(QUOTEATTR + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = None if kill_after is None else start + kill_after
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if deadline else 0)
            if pid:
                break
            if time.perf_counter() >= deadline:
                proc.send_signal(signal.SIGKILL)
                deadline = None
            else:
                time.sleep(0.05)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    if proc.returncode not in (0, -signal.SIGKILL):
        raise SystemExit(f"quoteattr {' '.join(args)} failed ({proc.returncode}): {tail}")
    for line in tail:
        print(f"      | {line}")
    cpu = usage.ru_utime + usage.ru_stime
    CPU_SECONDS.append(cpu)
    print(f"      | cpu {cpu:.1f} s, wall {seconds:.1f} s, load average {os.getloadavg()[0]:.1f}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def table_digest(db_path: Path) -> dict[str, tuple[int, str]]:
    """Row count and a hash of the sorted rows of every table: content, not file bytes."""
    conn = sqlite3.connect(db_path)
    digests = {}
    for table in TABLES:
        rows = sorted(repr(r) for r in conn.execute(f"select * from [{table}]"))
        digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16])
    conn.close()
    return digests


def bench_size(n: int, args, pool, workdir: Path, kill: bool) -> None:
    corpus, extra = workdir / f"corpus-{n}", workdir / f"extra-{n}"
    write_corpus(corpus, n, args.seed + n, pool)
    write_corpus(extra, max(1, n // 100), args.seed + n + 1, pool, first_number=10_000_000)
    db = workdir / f"ingest-{n}.db"
    common = ["--workers", str(args.workers)]
    print(f"\n== {n:,} articles ({sum(1 for _ in corpus.iterdir())} files) ==", flush=True)
    first, first_mb, _ = run(["ingest", str(corpus), "--db", str(db), *common])
    first_cpu = CPU_SECONDS[-1]
    print(f"first ingest        {first:9.1f} s   peak {first_mb:7.0f} MB   cpu {first_cpu:.1f} s", flush=True)
    reference = table_digest(db)
    print(f"      rows: {', '.join(f'{t} {c:,}' for t, (c, _) in reference.items())}")
    again, again_mb, _ = run(["ingest", str(corpus), "--db", str(db), *common])
    print(f"unchanged re-ingest {again:9.1f} s   peak {again_mb:7.0f} MB   ratio {again / first:.4f} (goal < 0.05), "
          f"cpu ratio {CPU_SECONDS[-1] / first_cpu:.4f}", flush=True)
    assert table_digest(db) == reference, "an unchanged re-ingest changed the tables"
    if kill:
        killed_db = workdir / f"killed-{n}.db"
        at = random.Random(args.seed).uniform(0.1, 0.9) * first
        part, _, status = run(["ingest", str(corpus), "--db", str(killed_db), *common], kill_after=at)
        rest, rest_mb, _ = run(["ingest", str(corpus), "--db", str(killed_db), *common])
        cpu = CPU_SECONDS[-1] + CPU_SECONDS[-2]
        same = table_digest(killed_db) == reference
        print(f"kill -9 at {at:6.1f} s (status {status}), resume {rest:7.1f} s   peak {rest_mb:7.0f} MB   "
              f"killed+resume {part + rest:7.1f} s = {(part + rest) / first:.3f} of one full run (goal < 2), "
              f"cpu {cpu / first_cpu:.3f}; "
              f"same tables as uninterrupted: {same}", flush=True)
        if not same:
            mine = table_digest(killed_db)
            print("      differs:", {t: (reference[t], mine[t]) for t in TABLES if reference[t] != mine[t]})
    added, added_mb, _ = run(["ingest", str(corpus), str(extra), "--db", str(db), *common])
    print(f"+1% new articles    {added:9.1f} s   peak {added_mb:7.0f} MB   ratio {added / first:.4f} (goal < 0.03), "
          f"cpu ratio {CPU_SECONDS[-1] / first_cpu:.4f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=Path, required=True, help="folder of .txt news articles to take paragraphs from")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--kill-sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="keep corpora and databases here (default: a temporary folder, removed)")
    args = parser.parse_args()
    pool = load_paragraphs(args.paragraphs)
    print(f"paragraph pool: {len(pool)} articles, {sum(map(len, pool)):,} paragraphs from {args.paragraphs}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="quoteattr-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.sizes:
            bench_size(n, args, pool, workdir, n in args.kill_sizes)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
