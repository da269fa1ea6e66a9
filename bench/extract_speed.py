"""Throughput of quoteattr against textacy's direct_quotations, same model, same texts, one run.

    .venv/bin/python bench/extract_speed.py [--articles 1000] [--repeats 3] [--corpus DIR]
    .venv/bin/python bench/extract_speed.py --workers 2 [--corpus DIR]

The corpus is the seed articles plus the small articles below, repeated to --articles, or the
articles of --corpus DIR (real news, e.g. PolNeAR's train split) repeated or cut to --articles.
With --workers N, quoteattr with N worker processes is timed against quoteattr in one process
instead of textacy (wall time, same articles, same run).
Prints articles/second for each side per repeat, the medians and the ratio
quoteattr/textacy (above 1 means quoteattr is faster), and how many articles
textacy raised on.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import textacy.extract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteattr.articles import Article, make_article, read_articles  # noqa: E402
from quoteattr.extract import extract  # noqa: E402
from quoteattr.nlp import load_model  # noqa: E402

OWN_ARTICLES = [
    '"We will cut the deficit by half," Labour shadow chancellor Rachel Reeves said on Monday. '
    "She spoke after the budget. \"Nobody should doubt it,\" she added.",
    "Democratic governor Laura Whitfield met reporters on Tuesday.\n\n\"The budget is balanced,\" Whitfield said. "
    "Republicans called the plan \"reckless\" and vowed to fight it.",
    "Conservative MP Hugh Dalton said the vote would be close.\n\n\"We have the numbers,\" he added.\n\n"
    "\"And we will show it on Thursday.\"",
    "BJP spokesperson Sambit Verma and Congress MP Anil Mehra traded barbs on Monday.\n\n"
    "\"The alliance has collapsed,\" the Congress leader said, \"and the government knows it.\"",
    "The council met for three hours. Several residents spoke about parking and the new bus lane, "
    "and the chair promised a written reply within a month.",
]


def corpus(n: int, folder: Path | None = None) -> list[Article]:
    if folder is not None:
        base = [a for a in read_articles([folder]) if isinstance(a, Article)]
    else:
        base = [a for a in read_articles([ROOT / "seeds"]) if isinstance(a, Article)]
        base += [make_article(t, f"own-{i}.txt") for i, t in enumerate(OWN_ARTICLES)]
    return [base[i % len(base)] for i in range(n)]


def run_textacy(nlp, articles) -> tuple[float, int, int]:
    start, quotes, errors = time.perf_counter(), 0, 0
    for doc in nlp.pipe((a.text for a in articles), batch_size=64):
        try:
            quotes += sum(1 for _ in textacy.extract.triples.direct_quotations(doc))
        except ValueError:
            errors += 1
    return time.perf_counter() - start, quotes, errors


def run_quoteattr(nlp, articles, workers: int = 1) -> tuple[float, int]:
    start = time.perf_counter()
    found = extract(articles, nlp if workers == 1 else None, batch_size=64, n_process=workers)
    quotes = sum(len(quotes) for _, quotes in found)
    return time.perf_counter() - start, quotes


def compare_workers(nlp, articles, workers: int, repeats: int) -> None:
    one, many = [], []
    for repeat in range(repeats):
        t1, q1 = run_quoteattr(nlp, articles)
        tn, qn = run_quoteattr(nlp, articles, workers)
        one.append(len(articles) / t1)
        many.append(len(articles) / tn)
        print(f"repeat {repeat + 1}: 1 process {one[-1]:.1f} art/s ({q1} quotes); {workers} workers "
              f"{many[-1]:.1f} art/s ({qn} quotes); ratio {many[-1] / one[-1]:.2f}")
    print(f"median: 1 process {statistics.median(one):.1f} art/s, {workers} workers "
          f"{statistics.median(many):.1f} art/s, ratio {statistics.median(many) / statistics.median(one):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="a folder of real articles instead of the seeds")
    parser.add_argument("--workers", type=int, default=1, help="time N worker processes against one")
    args = parser.parse_args()
    nlp = load_model()
    articles = corpus(args.articles, args.corpus)
    list(nlp.pipe(a.text for a in articles[:20]))  # warm up
    mb = sum(len(a.text.encode()) for a in articles) / 1e6
    print(f"model {nlp.meta['name']} {nlp.meta['version']}; {len(articles)} articles, {mb:.2f} MB")
    if args.workers > 1:
        compare_workers(nlp, articles, args.workers, args.repeats)
        return
    t_rates, q_rates = [], []
    for repeat in range(args.repeats):
        t_time, t_quotes, t_errors = run_textacy(nlp, articles)
        q_time, q_quotes = run_quoteattr(nlp, articles)
        t_rates.append(len(articles) / t_time)
        q_rates.append(len(articles) / q_time)
        print(f"repeat {repeat + 1}: textacy {t_rates[-1]:.1f} art/s ({t_quotes} quotes, raised on {t_errors} articles); "
              f"quoteattr {q_rates[-1]:.1f} art/s ({q_quotes} quotes); ratio {q_rates[-1] / t_rates[-1]:.2f}")
    t_med, q_med = statistics.median(t_rates), statistics.median(q_rates)
    print(f"median: textacy {t_med:.1f} art/s, quoteattr {q_med:.1f} art/s, ratio quoteattr/textacy {q_med / t_med:.2f}")


if __name__ == "__main__":
    main()
