"""The conflict pass on PolNeAR train: labelled precision and recall, suggestions, and time at scale.

    .venv/bin/quoteattr ingest /work/data/polnear_train/articles --db polnear.db
    .venv/bin/python bench/conflicts_eval.py --db polnear.db [--top 50 --out FILE] [--scale 1000,10000,50000]
        [--queue 30000]

Labelled pairs (bench/data/conflict_pairs.jsonl): each pair is scored as the conflict pass scores
it (``bench/train_conflicts.py`` builds the features); a pair is predicted conflicting at the
model's default threshold. Printed twice: cross-validated (5 folds by groups of texts, each pair
scored by a model that never saw it) and in-sample (the shipped model). Then the database's own
suggestions at that threshold, per article, and with ``--out`` the top ``--top`` written as JSON
Lines for judging by hand.

``--scale``: the time of the conflict pass (``conflicts.candidates``: blocking, cues, parsing the
candidates' statements, scoring) on synthetic corpora of 1k, 10k and 50k articles made from the
real statements: the database's statements are copied as many times as needed, each copy's rare
words, speakers and parties made its own (words of the negation, number and opposite lexicons are
kept), so every copy is a new corpus as dense in candidates as the real one. The baseline is the
smallest size in the same run; the growth per 10x is the ratio of medians (``--repeat`` runs each).

``--queue N``: the review page with N suggested conflicts (copies of the database's), served by
Datasette in this process: median time of the first page, a filtered page and the last page.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quoteattr.claim_parse import ClaimParser  # noqa: E402
from quoteattr.claims import GENERIC, opposite_words, stem  # noqa: E402
from quoteattr.conflict_signals import position_predicates  # noqa: E402
from quoteattr.conflicts import SUGGEST_THRESHOLD, StatementInfo, candidates, statement_infos  # noqa: E402
from quoteattr.dedupe import NEGATIONS, NUMBER_WORDS, STOPWORDS  # noqa: E402
from train_conflicts import candidate_mask, cross_validated, folds, labelled_features, precision_recall  # noqa: E402

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z]{3,}")


def labelled(db_path: Path) -> None:
    from quoteattr.conflict_model import default_model

    pairs, x, y, evaluations = labelled_features(db_path)
    model = default_model()
    mask = candidate_mask(evaluations)  # the pass suggests only pairs with a signal
    cv = cross_validated(x, y, folds(pairs), 1.0) * mask
    shipped = np.array([model.score(e.values) for e in evaluations]) * mask
    print(f"labelled pairs: {len(pairs)}, {int(y.sum())} conflict or worth a look; default threshold {SUGGEST_THRESHOLD}")
    for name, scores in (("cross-validated", cv), ("in-sample (shipped model)", shipped)):
        n, p, r = precision_recall(scores, y, SUGGEST_THRESHOLD)
        print(f"  {name}: {n} predicted, precision {p:.3f}, recall {r:.3f}")


def suggestions(db_path: Path, top: int, out: Path | None) -> None:
    db = sqlite_utils.Database(db_path)
    articles = db["articles"].count
    rows = list(db.query("""
        select id, kind, score, reason, statement_a_text, speakers_a, first_seen_a, statement_b_text, speakers_b,
               first_seen_b from conflict_suggestions where score >= ? and kind != 'misattribution'
        order by score desc, id
    """, [SUGGEST_THRESHOLD]))
    print(f"suggestions at the default threshold: {len(rows)} on {articles} articles "
          f"(one per {articles / max(1, len(rows)):.1f} articles)")
    if out:
        with out.open("w", encoding="utf-8") as handle:
            for rank, row in enumerate(rows[:top], 1):
                handle.write(json.dumps({"rank": rank, **row}, ensure_ascii=False) + "\n")
        print(f"wrote the top {min(top, len(rows))} to {out}")


def _suffix(copy: int) -> str:
    letters, digits = "bcdfghjkmnpqrtvwxz", ""
    while True:
        copy, k = divmod(copy, len(letters))
        digits += letters[k]
        if not copy:
            return "qz" + digits + "z"


def synthetic(statements: list[StatementInfo], copies: int) -> list[StatementInfo]:
    """``copies`` copies of the corpus, each with its own rare words, speakers and parties."""
    keep = STOPWORDS | GENERIC | NEGATIONS | set(NUMBER_WORDS) | set(opposite_words()) | position_predicates()
    kept_stems = {stem(w) for w in keep}
    found = []
    for copy in range(copies):
        tag = _suffix(copy)
        rename = lambda m: m.group() if m.group().lower() in keep or stem(m.group()) in kept_stems else m.group() + tag  # noqa: E731
        for s in statements:
            found.append(StatementInfo(f"{s.id}-{copy}", _WORD_RE.sub(rename, s.text), s.speaker_id and s.speaker_id + tag,
                                       s.speaker and s.speaker + tag, s.party_id and s.party_id + tag,
                                       s.party and s.party + tag, s.date))
    return found


def scale(db_path: Path, sizes: list[int], repeat: int) -> None:
    db = sqlite_utils.Database(db_path)
    real = statement_infos(db)
    articles = db["articles"].count
    per_article = len(real) / articles
    print(f"{len(real)} statements on {articles} articles ({per_article:.1f} per article); copies of them:")
    parser = ClaimParser()
    parser.nlp  # noqa: B018  the model loads once, outside the timings
    medians = {}
    for size in sizes:
        copies = -(-size // articles)
        corpus = synthetic(real, copies)[: round(size * per_article)]
        times, found = [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            found = len(candidates(corpus, parser=ClaimParser(parser.nlp)))
            times.append(time.perf_counter() - start)
        medians[size] = statistics.median(times)
        base = sizes[0]
        growth = ""
        if size != base:
            growth = f", x{medians[size] / medians[base]:.1f} the {base} articles' time for x{size / base:.0f} the articles"
        print(f"  {size:6d} articles ({len(corpus)} statements): {medians[size]:.1f} s median of {repeat}, "
              f"{found} candidates stored{growth}", flush=True)


def queue(db_path: Path, n: int, repeat: int) -> None:
    import asyncio

    from datasette.app import Datasette

    from quoteattr.publish import metadata_dict
    from quoteattr.schema import conflict_id

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quoteattr.db"
        shutil.copy(db_path, path)
        db = sqlite_utils.Database(path)
        stored = list(db.query("select * from conflicts where kind != 'misattribution'"))
        ids = [r[0] for r in db.execute("select id from statements where n_quotes > 0")]
        rows = []
        for k in range(n - len(stored)):
            row = dict(stored[k % len(stored)])
            a, b = ids[(7 * k) % len(ids)], ids[(7 * k + 3) % len(ids)]
            row.update(id=conflict_id(a, b + str(k)), statement_a=a, statement_b=b, score=max(row["score"], SUGGEST_THRESHOLD))
            rows.append(row)
        db["conflicts"].insert_all(rows, pk="id", replace=True, batch_size=2000)
        total = db.execute("select count(*) from conflicts where score >= ?", [SUGGEST_THRESHOLD]).fetchone()[0]
        ds = Datasette(files=[str(path)], metadata=metadata_dict("quoteattr"), plugins_dir=str(ROOT / "datasette_plugins"))

        async def timed(url: str) -> float:
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                response = await ds.client.get(url)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200, (url, response.status_code)
            return statistics.median(times)

        async def run() -> None:
            await ds.client.get("/-/conflicts")  # warm: the plugin and templates load once
            last = -(-total // 50)
            for url in ("/-/conflicts", "/-/conflicts?sort=newest&review=unreviewed",
                        "/-/conflicts?kind=cross&party=Democratic&from=2016-01-01&to=2016-12-31", f"/-/conflicts?page={last}",
                        f"/-/conflicts?sort=newest&page={last}"):
                print(f"  {url}: {1000 * await timed(url):.0f} ms median of {repeat}", flush=True)

        print(f"review page with {total} suggested conflicts in the database:")
        asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the ingested PolNeAR train articles")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", type=Path, help="write the top suggestions here (JSON Lines) for judging")
    parser.add_argument("--scale", help="article counts to time the conflict pass on, e.g. 1000,10000,50000")
    parser.add_argument("--queue", type=int, help="time the review page with this many conflicts")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-labelled", action="store_true")
    args = parser.parse_args()
    if not args.skip_labelled:
        labelled(args.db)
        suggestions(args.db, args.top, args.out)
    if args.scale:
        scale(args.db, [int(s) for s in args.scale.split(",")], args.repeat)
    if args.queue:
        queue(args.db, args.queue, max(3, args.repeat))


if __name__ == "__main__":
    main()
