"""Learn the conflict score from the labelled PolNeAR pairs and write quoteattr/data/conflicts/model.json.

    .venv/bin/quoteattr ingest /work/data/polnear_train/articles --db polnear.db
    .venv/bin/python bench/train_conflicts.py --db polnear.db [--l2 1.0] [--precision 0.8] [--write]

Each pair of bench/data/conflict_pairs.jsonl (452: ``conflict`` and ``worth a look`` are positive,
``no`` negative) is scored as the conflict pass scores two statements: its two texts, their
speakers (the labelled ones: the true speaker) and dates, each side's party (the ingested quote's
when the extractor found the same person, else the knowledge base's on that date), and term
rarities from the ingested corpus's statements (``--db``). A logistic regression (L2, Newton
steps, numpy) is fitted on the features of ``quoteattr.conflict_model``. Pairs that share a text
are kept in one fold (folds are connected groups of texts), and 5-fold cross-validation gives
every pair a score from a model that never saw it or its texts. The default threshold is the
lowest at which the cross-validated precision reaches ``--precision``; with --write the weights,
the threshold and the cross-validated figures go to the model file quoteattr ships.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from quoteattr.conflict_model import FEATURES, MODEL  # noqa: E402
from quoteattr.conflicts import Scorer, StatementInfo, statement_infos  # noqa: E402
from quoteattr.dedupe import normalise  # noqa: E402
from quoteattr.people import may_be_same_person  # noqa: E402
from quoteattr.store import slug  # noqa: E402

PAIRS = ROOT / "bench" / "data" / "conflict_pairs.jsonl"
POSITIVE = ("conflict", "worth a look")


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method; the last weight is the intercept."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Parties:
    """A labelled speaker's party on a date: the ingested quote's, else the knowledge base's."""

    def __init__(self, db: sqlite_utils.Database):
        from quoteattr.parties import default_kb

        self.db, self.kb = db, default_kb()

    def __call__(self, article: str, start: int, speaker: str, date: str | None) -> tuple[str | None, str | None]:
        row = next(self.db.query("""
            select q.speaker_id, q.speaker_name, q.party_id, p.name as party from quotes q
            join articles a on a.id = q.article_id left join parties p on p.id = q.party_id
            where a.origin like ? and q.start = ?
        """, ["%/" + article, start]), None)
        if row and row["party_id"] and may_be_same_person(row["speaker_id"], row["speaker_name"], None, speaker):
            return row["party_id"], row["party"]
        person = self.kb.known_person(speaker, date)
        party = self.kb.party_on(person, date)[0] if person else None
        return (slug(party), party) if party else (None, None)


def infos(pairs: list[dict], parties: Parties) -> list[tuple[StatementInfo, StatementInfo]]:
    found = []
    for p in pairs:
        sides = []
        for s in "ab":
            party_id, party = parties(p[f"article_{s}"], p[f"start_{s}"], p[f"speaker_{s}"], p[f"date_{s}"])
            speaker = p[f"speaker_{s}"]
            sides.append(StatementInfo(f"{p['id']}-{s}", p[f"text_{s}"], slug(speaker), speaker, party_id, party, p[f"date_{s}"]))
        found.append(tuple(sides))
    return found


def folds(pairs: list[dict], k: int = 5, seed: int = 0) -> np.ndarray:
    """A fold per pair; pairs sharing a text (directly or through others) share a fold."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(normalise(p["text_a"]))] = find(normalise(p["text_b"]))
    groups = sorted({find(normalise(p["text_a"])) for p in pairs})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return np.array([fold_of[find(normalise(p["text_a"]))] for p in pairs])


def fixed_weights() -> dict[str, float]:
    """Weights set by hand in the shipped model (features the labelled pairs never show)."""
    return json.loads(MODEL.read_text(encoding="utf-8")).get("fixed_weights", {}) if MODEL.exists() else {}


LEARNED = [f for f in FEATURES if f not in fixed_weights()]


def labelled_features(db_path: Path) -> tuple[list[dict], np.ndarray, np.ndarray, list]:
    """The labelled pairs, their feature matrix, labels (1 = conflict or worth a look) and evaluations."""
    db = sqlite_utils.Database(db_path)
    pairs = load_pairs()
    scorer = Scorer(statement_infos(db))
    sides = infos(pairs, Parties(db))
    scorer.parser.parse(s.text for pair in sides for s in pair)
    evaluations = [scorer.evaluate(a, b) for a, b in sides]
    x = np.array([[e.values[f] for f in LEARNED] for e in evaluations])
    y = np.array([1.0 if p["label"] in POSITIVE else 0.0 for p in pairs])
    return pairs, x, y, evaluations


def candidate_mask(evaluations) -> np.ndarray:
    """1 for a pair the conflict pass would store (a signal fired), 0 for one it never suggests."""
    return np.array([1.0 if e.signals else 0.0 for e in evaluations])


def cross_validated(x: np.ndarray, y: np.ndarray, fold: np.ndarray, l2: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for k in sorted(set(fold.tolist())):
        w = fit(x[fold != k], y[fold != k], l2)
        scores[fold == k] = predict(w, x[fold == k])
    return scores


def precision_recall(scores: np.ndarray, y: np.ndarray, threshold: float) -> tuple[int, float, float]:
    chosen = scores >= threshold
    tp = float((chosen & (y > 0)).sum())
    return int(chosen.sum()), tp / max(1, chosen.sum()), tp / max(1, (y > 0).sum())


def choose_threshold(scores: np.ndarray, y: np.ndarray, precision: float) -> float:
    """The lowest threshold (in steps of 0.05) at which the precision reaches ``precision``."""
    for t in np.arange(0.05, 1.0, 0.05):
        n, p, _ = precision_recall(scores, y, t)
        if n and p >= precision:
            return round(float(t), 2)
    return 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the ingested PolNeAR train articles")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--precision", type=float, default=0.8, help="cross-validated precision the threshold must reach")
    parser.add_argument("--threshold", type=float, help="the default threshold, when the labelled pairs cannot choose "
                        "it (set from the precision of the judged corpus suggestions, bench/data/conflicts_top50.jsonl)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    pairs, x, y, evaluations = labelled_features(args.db)
    fold = folds(pairs)
    # The pass suggests only pairs with a signal: a pair without one is never predicted, whatever its score.
    scores = cross_validated(x, y, fold, args.l2) * candidate_mask(evaluations)
    print(f"{len(pairs)} labelled pairs, {int(y.sum())} conflict or worth a look; 5-fold cross-validation by groups of texts")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        n, p, r = precision_recall(scores, y, t)
        print(f"  cross-validated, score >= {t:.2f}: {n:3d} predicted, precision {p:.3f}, recall {r:.3f}")
    threshold = args.threshold if args.threshold is not None else choose_threshold(scores, y, args.precision)
    n, p, r = precision_recall(scores, y, threshold)
    print(f"default threshold {threshold}: cross-validated precision {p:.3f}, recall {r:.3f} ({n} predicted)")
    w = fit(x, y, args.l2)
    for name, weight in sorted(zip(LEARNED + ["(intercept)"], w), key=lambda nw: -abs(nw[1])):
        print(f"  {name:18s} {weight:+.3f}")
    if args.write:
        MODEL.write_text(json.dumps({
            "trained_on": f"bench/data/conflict_pairs.jsonl ({len(pairs)} PolNeAR train pairs, {int(y.sum())} positive) "
                          f"by bench/train_conflicts.py, l2 {args.l2}",
            "threshold": threshold,
            "cross_validated": {"precision": round(p, 3), "recall": round(r, 3), "predicted": n},
            "intercept": round(float(w[-1]), 4),
            "weights": {name: round(float(v), 4) for name, v in zip(LEARNED, w[:-1])},
            "fixed_weights": fixed_weights(),
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
