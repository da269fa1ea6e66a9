"""Learn the attribution confidence model from PolNeAR train and write quoteattr/data/confidence.json.

    .venv/bin/python bench/train_confidence.py --polnear-git GIT_DIR --polnear-out OUT \
        [--india bench/data/india] [--shared ../shared/eval] [--cache DIR] [--write]

Each quote that overlaps an annotated PolNeAR unit with a named source is an example: its
attribution features (quoteattr.attribution.confidence) and whether the speaker is right. Right
means the scorer's rule (every word of the source's name in the predicted name), or the same
surname: the gold names keep titles the scorer does not drop ("Texas Sen. Ted Cruz"), which would
otherwise teach the model that right names are wrong. A logistic regression (L2, Newton steps,
numpy only) is fitted on PolNeAR and the Indian set together (each Indian quote weighted, so the
small set is not drowned); the script prints the AUC of 5-fold cross-validation by article for
each set, beside the AUC of the rule-based prior. With --write the weights go to
quoteattr/data/confidence.json (the model quoteattr ships; rerun after changing attribution).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import auc, same_person_name  # noqa: E402
from parse_cache import CachingPipeline  # noqa: E402
from quoteattr.articles import Article, read_articles  # noqa: E402
from quoteattr.extract import extract  # noqa: E402
from quoteattr.nlp import load_model  # noqa: E402

MODEL = ROOT / "quoteattr" / "data" / "confidence.json"


def predictions(folder: Path, nlp) -> list[dict]:
    articles = [a for a in read_articles([folder]) if isinstance(a, Article)]
    out = []
    for _, quotes in extract(articles, nlp):
        for item in quotes:
            if item.attribution.features:
                out.append({**item.to_dict(), "features": item.attribution.features})
    return out


def polnear_examples(shared: Path, git: Path, preds: list[dict]) -> list[tuple[str, dict, bool]]:
    sys.path.insert(0, str(shared))
    import polnear_span_score as span  # noqa: E402

    data = span.units_of(str(git), "train")
    span.locate(preds, data)
    best = {}
    for p in preds:
        if p["_span"] is None:
            continue
        s, e = p["_span"]
        for k, unit in enumerate(data.get(p["_art"], ("", []))[1]):
            overlap = sum(max(0, min(e, ue) - max(s, us)) for us, ue in unit["spans"])
            if overlap and unit["direct"] and ((p["_art"], k) not in best or overlap > best[(p["_art"], k)][0]):
                best[(p["_art"], k)] = (overlap, p)
    examples = []
    for (art, k), (_, p) in best.items():
        gold = data[art][1][k]["speaker"]
        if gold and p.get("speaker"):
            right = span.same(gold, p["speaker"]) or gold.split()[-1].lower() == p["speaker"].split()[-1].lower()
            examples.append((art, p["features"], right))
    return examples


def india_examples(shared: Path, folder: Path, preds: list[dict]) -> list[tuple[str, dict, bool]]:
    sys.path.insert(0, str(shared))
    from accuracy import pair_gold  # noqa: E402

    gold = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(g["article"], p["features"], same_person_name(g["speaker"], p["speaker"]))
            for g, p in pair_gold(gold, preds) if g.get("speaker") and not g.get("optional") and p.get("speaker")]


def matrix(examples, names):
    x = np.array([[f.get(n, 0.0) for n in names] for _, f, _ in examples], dtype=float)
    y = np.array([float(ok) for _, _, ok in examples])
    return x, y


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, sample: np.ndarray | None = None,
        steps: int = 30) -> np.ndarray:
    """Weighted logistic regression by Newton's method; the last weight is the intercept."""
    x = np.hstack([x, np.ones((len(x), 1))])
    sample = np.ones(len(y)) if sample is None else sample
    w = np.zeros(x.shape[1])
    penalty = l2 * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (sample * (p - y)) + penalty @ w
        hessian = (x * (sample * p * (1 - p))[:, None]).T @ x + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear-git", type=Path, required=True)
    parser.add_argument("--polnear-out", type=Path, required=True)
    parser.add_argument("--india", type=Path)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the logistic regression")
    parser.add_argument("--india-weight", type=float, default=5.0, help="weight of each Indian example")
    args = parser.parse_args()
    nlp = load_model()
    if args.cache:
        nlp = CachingPipeline(nlp, args.cache)
    examples = polnear_examples(args.shared, args.polnear_git, predictions(args.polnear_out / "articles", nlp))
    names = sorted({n for _, f, _ in examples for n in f})
    x, y = matrix(examples, names)
    prior = x[:, names.index("prior")]
    print(f"PolNeAR train: {len(examples)} attributed quotes, {int(y.sum())} right; prior AUC {auc(list(zip(prior, y > 0))):.3f}")

    india = india_examples(args.shared, args.india, predictions(args.india / "articles", nlp)) if args.india else []
    if india:
        xi, yi = matrix(india, names)
        print(f"India: {len(india)} attributed quotes, {int(yi.sum())} right; prior AUC "
              f"{auc(list(zip(xi[:, names.index('prior')], yi > 0))):.3f}")
    # Both sets train the model; the Indian quotes count --india-weight times, so a few hundred
    # of them are not drowned by thousands of US ones. Folds are by article, across both sets.
    everything = examples + india
    xa, ya = matrix(everything, names)
    weights = np.array([1.0] * len(examples) + [args.india_weight] * len(india))
    articles = sorted({a for a, _, _ in everything})
    random.Random(0).shuffle(articles)
    fold_of = {a: i % 5 for i, a in enumerate(articles)}
    folds = np.array([fold_of[a] for a, _, _ in everything])
    scores = np.zeros(len(ya))
    for k in range(5):
        w = fit(xa[folds != k], ya[folds != k], args.l2, weights[folds != k])
        scores[folds == k] = predict(w, xa[folds == k])
    n = len(examples)
    print(f"5-fold cross-validated AUC (by article): PolNeAR {auc(list(zip(scores[:n], ya[:n] > 0))):.3f}"
          + (f", India {auc(list(zip(scores[n:], ya[n:] > 0))):.3f}" if india else ""))
    w = fit(xa, ya, args.l2, weights)
    for name, weight in sorted(zip(names + ["(intercept)"], w), key=lambda nw: -abs(nw[1])):
        print(f"  {weight:+.3f} {name}")
    if args.write:
        MODEL.write_text(json.dumps({
            "trained_on": f"PolNeAR train ({len(examples)} attributed quotes) and bench/data/india "
                          f"({len(india)}, weight {args.india_weight}) by bench/train_confidence.py",
            "intercept": round(float(w[-1]), 4),
            "weights": {n: round(float(v), 4) for n, v in zip(names, w[:-1])},
        }, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")


if __name__ == "__main__":
    main()
