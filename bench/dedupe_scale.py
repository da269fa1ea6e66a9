"""Scale of statement grouping: 10k, 100k and 1M synthetic quotes with known duplicate groups.

    .venv/bin/python bench/dedupe_scale.py [--sizes 10000 100000 1000000] [--seed 7]

Each corpus draws statements of 12-30 words from a Zipf vocabulary of 200k words
(news text is Zipfian: most words are rare), gives each a speaker, and adds
variants of the same speaker: re-punctuated / re-cased, trimmed (words cut from
either end, kept as a fragment of 6+ words), or one word changed. Each size runs
in its own process so its peak memory (max RSS) is its own. Printed: time, peak
memory, pairwise precision and recall of the grouping, the growth ratios
100k/10k and 1M/100k, and, on 10k in the same run, the naive all-pairs rapidfuzz
``cdist`` (ratio >= the same threshold) with its time as a ratio to quoteattr's.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCABULARY = 200_000
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def make_corpus(n: int, seed: int):
    """``n`` (text, speaker, true_group) triples."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 9))) for _ in range(VOCABULARY)]
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(VOCABULARY)]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    quotes, group_id = [], 0
    while len(quotes) < n:
        words = rng.choices(vocab, cum_weights=cum, k=rng.randint(12, 30))
        speaker = f"speaker-{rng.randrange(20_000)}"
        size = rng.choice((1, 1, 1, 2, 2, 3, 4, 6))
        quotes.append((" ".join(words).capitalize() + ".", speaker, group_id))
        for _ in range(size - 1):
            kind = rng.choice(("punct", "trim", "word"))
            variant = list(words)
            if kind == "trim":
                cut_front, cut_back = rng.randint(0, 3), rng.randint(0, 3)
                variant = variant[cut_front: len(variant) - cut_back] or variant
                text = " ".join(variant)
            elif kind == "word":
                variant[rng.randrange(len(variant))] = rng.choices(vocab, cum_weights=cum)[0]
                text = " ".join(variant).capitalize() + "."
            else:
                cut = rng.randrange(1, len(variant))
                text = (" ".join(variant[:cut]) + ", " + " ".join(variant[cut:])).upper() + "!"
            quotes.append((text, speaker, group_id))
        group_id += 1
    return quotes[:n]


def pair_scores(predicted, truth) -> tuple[float, float]:
    def pairs(counter):
        return sum(v * (v - 1) // 2 for v in counter.values())
    tp = pairs(Counter(zip(predicted, truth)))
    return tp / max(1, pairs(Counter(predicted))), tp / max(1, pairs(Counter(truth)))


def run_one(n: int, seed: int) -> dict:
    from quoteattr.dedupe import QuoteText, group

    corpus = make_corpus(n, seed)
    quotes = [QuoteText(str(i), text, speaker) for i, (text, speaker, _) in enumerate(corpus)]
    start = time.perf_counter()
    predicted = group(quotes)
    seconds = time.perf_counter() - start
    precision, recall = pair_scores(predicted, [g for _, _, g in corpus])
    return {"n": n, "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "precision": precision, "recall": recall}


def run_naive(n: int, seed: int) -> dict:
    import numpy as np
    from rapidfuzz import fuzz, process

    from quoteattr.dedupe import DedupeOptions, _UnionFind, normalise

    corpus = make_corpus(n, seed)
    start = time.perf_counter()
    norms = [normalise(text) for text, _, _ in corpus]
    scores = process.cdist(norms, norms, scorer=fuzz.ratio, score_cutoff=DedupeOptions.ratio, dtype=np.uint8, workers=-1)
    uf = _UnionFind(n)
    for i, j in zip(*np.nonzero(scores)):
        if i < j:
            uf.union(int(i), int(j))
    predicted = [uf.find(i) for i in range(n)]
    seconds = time.perf_counter() - start
    precision, recall = pair_scores(predicted, [g for _, _, g in corpus])
    return {"n": n, "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "precision": precision, "recall": recall}


def in_child(kind: str, n: int, seed: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(n), "--seed", str(seed)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, n = args.child
        print(json.dumps((run_naive if kind == "naive" else run_one)(int(n), args.seed)))
        return
    results = {}
    for n in args.sizes:
        r = in_child("quoteattr", n, args.seed)
        results[n] = r
        print(f"quoteattr {n:>9,} quotes: {r['seconds']:8.1f} s, peak {r['peak_mb']:7.0f} MB, "
              f"pairwise precision {r['precision']:.4f} recall {r['recall']:.4f}", flush=True)
    sizes = sorted(results)
    for small, big in zip(sizes, sizes[1:]):
        print(f"growth {big:,}/{small:,} quotes ({big // small}x): time x{results[big]['seconds'] / results[small]['seconds']:.1f}")
    smallest = sizes[0]
    naive = in_child("naive", smallest, args.seed)
    print(f"naive cdist {smallest:,} quotes: {naive['seconds']:.1f} s, peak {naive['peak_mb']:.0f} MB, "
          f"pairwise precision {naive['precision']:.4f} recall {naive['recall']:.4f}")
    print(f"on {smallest:,}: naive all-pairs / quoteattr time = {naive['seconds'] / results[smallest]['seconds']:.1f}")


if __name__ == "__main__":
    main()
