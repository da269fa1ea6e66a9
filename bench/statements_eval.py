"""Statements on PolNeAR train: recall on the labelled repeats, and samples to judge by hand.

    .venv/bin/quoteattr ingest /work/data/polnear_train/articles --db polnear.db
    .venv/bin/python bench/statements_eval.py --db polnear.db [--sample 40 --seed 12 --out FILE]
        [--misattributions FILE]

Recall: of the pairs labelled ``same`` in bench/data/statement_repeats.jsonl (two quotes of one
statement, by reading them in their articles), the share whose quotes share a statement; also the
share of ``different`` pairs merged (false merges). A labelled quote is found by its article and
its offset (``start_a``/``start_b``, the extractor's), else by its text in that article.

``--sample N`` writes N random statements of two quotes or more (seeded) as JSON Lines, each with
every occurrence (speaker, kind, date, article, text), for judging; ``--misattributions`` writes
every statement flagged as the same words by different speakers, the same way. The judged lists
are committed under bench/data/.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
REPEATS = ROOT / "bench" / "data" / "statement_repeats.jsonl"


def locate(db: sqlite_utils.Database, article: str, start: int, text: str) -> dict | None:
    rows = list(db.query("""
        select q.id, q.statement_id, q.text, q.start from quotes q join articles a on a.id = q.article_id
        where a.origin like ? order by abs(q.start - ?) limit 20
    """, ["%/" + article, start]))
    for row in rows:
        if row["start"] == start:
            return row
    probe = text.strip()[:40]
    for row in rows:
        if probe and (probe in row["text"] or row["text"][:40] in text):
            return row
    return None


def repeat_recall(db: sqlite_utils.Database) -> None:
    pairs = [json.loads(line) for line in REPEATS.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {"same": [0, 0, 0], "different": [0, 0, 0]}  # located, merged, total
    missed = []
    for p in pairs:
        a = locate(db, p["article_a"], p["start_a"], p["text_a"])
        b = locate(db, p["article_b"], p["start_b"], p["text_b"])
        counts = found[p["label"]]
        counts[2] += 1
        if a and b:
            counts[0] += 1
            merged = a["statement_id"] is not None and a["statement_id"] == b["statement_id"]
            counts[1] += merged
            if p["label"] == "same" and not merged:
                missed.append((p["id"], p["text_a"][:70], p["text_b"][:70]))
    located, merged, total = found["same"]
    print(f"repeats labelled same: {total}, located {located}, merged {merged}: recall {merged / max(1, located):.3f}")
    located, merged, total = found["different"]
    print(f"pairs labelled different: {total}, located {located}, merged {merged}: false merges {merged / max(1, located):.3f}")
    for row in missed:
        print("  missed", *row, sep=" | ")


def occurrences(db: sqlite_utils.Database, statement_id: str) -> list[dict]:
    return list(db.query("""
        select q.id, q.speaker_name as speaker, q.kind, q.confidence, q.date, a.origin, q.text
        from quotes q join articles a on a.id = q.article_id where q.statement_id = ? order by q.date, q.id
    """, [statement_id]))


def write(db, statement_ids, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for sid in statement_ids:
            rows = occurrences(db, sid)
            for r in rows:
                r["article"] = Path(r.pop("origin") or "").name
            out.write(json.dumps({"statement_id": sid, "occurrences": rows}, ensure_ascii=False) + "\n")
    print(f"wrote {len(statement_ids)} statements to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--misattributions", type=Path)
    args = parser.parse_args()
    db = sqlite_utils.Database(args.db)
    repeat_recall(db)
    multi = [r[0] for r in db.execute("select id from statements where n_quotes > 1 order by id")]
    print(f"statements: {db.execute('select count(*) from statements where n_quotes > 0').fetchone()[0]}, "
          f"with two quotes or more: {len(multi)}, misattribution groups: "
          f"{db.execute('select count(*) from statements where speaker_conflict = 1').fetchone()[0]}")
    if args.sample and args.out:
        write(db, random.Random(args.seed).sample(multi, min(args.sample, len(multi))), args.out)
    if args.misattributions:
        write(db, [r[0] for r in db.execute("select id from statements where speaker_conflict = 1 order by id")], args.misattributions)


if __name__ == "__main__":
    sys.exit(main())
