"""Precision and recall of the conflict signals, on SICK and on news-style pairs written for quoteattr.

    .venv/bin/python bench/conflicts_eval.py [--sick PATH/TO/SICK.txt]

SICK (Marelli et al. 2014; SICK.txt as in the public repository
kkalouli/SICK-processing, tab-separated with an ``entailment_label`` of
CONTRADICTION, ENTAILMENT or NEUTRAL) is not shipped here: pass its path. Each
pair is scored as two statements of one speaker (kind ``self``); a pair is
predicted conflicting when a candidate is produced with a score at or above the
threshold the review page uses (``SUGGEST_THRESHOLD``). Also printed: the
figures at other thresholds, and which signal fired.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteattr.conflicts import SUGGEST_THRESHOLD, StatementInfo, score_pair  # noqa: E402

NEWS_PAIRS = ROOT / "bench" / "data" / "news_conflict_pairs.jsonl"


def scores(pairs):
    """(score or 0.0, gold, fired signals) per pair."""
    out = []
    for a, b, gold in pairs:
        candidate = score_pair(StatementInfo("a", a, "s", "s", "p", "p", "2024-01-01"),
                               StatementInfo("b", b, "s", "s", "p", "p", "2024-01-02"))
        out.append((candidate.score if candidate else 0.0, gold, tuple(s.name for s in candidate.signals) if candidate else ()))
    return out


def report(name: str, scored) -> None:
    positives = sum(1 for _, gold, _ in scored if gold)
    print(f"{name}: {len(scored)} pairs, {positives} conflicting")
    for threshold in sorted({0.3, 0.4, SUGGEST_THRESHOLD, 0.6, 0.7}):
        predicted = [gold for score, gold, _ in scored if score >= threshold]
        tp = sum(predicted)
        precision = tp / len(predicted) if predicted else float("nan")
        recall = tp / positives if positives else float("nan")
        mark = "  <- review page threshold" if threshold == SUGGEST_THRESHOLD else ""
        print(f"  score >= {threshold:.2f}: predicted {len(predicted):5d}, precision {precision:.3f}, recall {recall:.3f}{mark}")
    fired = Counter(sig for score, gold, signals in scored if score >= SUGGEST_THRESHOLD for sig in signals)
    right = Counter(sig for score, gold, signals in scored if score >= SUGGEST_THRESHOLD and gold for sig in signals)
    print("  signals at the threshold (right / fired): " + ", ".join(f"{s} {right[s]}/{n}" for s, n in fired.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sick", type=Path, help="SICK.txt (tab-separated, with entailment_label)")
    args = parser.parse_args()
    news = [json.loads(line) for line in NEWS_PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    report("news-style pairs (bench/data)", scores([(p["a"], p["b"], p["conflict"]) for p in news]))
    if args.sick:
        with args.sick.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        report(f"SICK ({args.sick.name})", scores([(r["sentence_A"], r["sentence_B"], r["entailment_label"] == "CONTRADICTION") for r in rows]))
    else:
        print("SICK: not run (pass --sick PATH/TO/SICK.txt from the public repository kkalouli/SICK-processing)")


if __name__ == "__main__":
    main()
