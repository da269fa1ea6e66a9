"""Attribution accuracy on real news: one table for the seeds, an Indian set and PolNeAR train.

    .venv/bin/python bench/accuracy.py \
        [--india bench/data/india] \
        [--polnear-git GIT_DIR --polnear-out OUT --polnear-parties CSV] \
        [--shared ../shared/eval] [--cache DIR] [--keep DIR]

Each data set is extracted in this process (`quoteattr.extract.extract`, the same code as
`quoteattr extract --jsonl`), then scored by the project's shared scorers:

- seeds: ../shared/eval/score.py against ../shared/eval/seeds_gold.jsonl (exact speaker);
- India: score.py against DIR/gold.jsonl (exact speaker; gold parties are labelled), articles in
  DIR/articles;
- PolNeAR train: polnear_span_score.py (quotes by character span, speaker by the mention's name),
  score.py --lenient-speaker against OUT/gold.jsonl, and polnear_party_score.py with the party
  CSV (name,party of each gold speaker string). OUT is what ../shared/eval/polnear_gold.py wrote.

Speakers are right (seeds, India) when the name is the gold name up to punctuation and the spacing
of initials, or has the same first and last name ("Mohan Majhi" for "Mohan Charan Majhi").
Party figures count quotes whose speaker is right and has a party: coverage (a party given),
accuracy (the right one), wrong (a party given and not the right one). confidence_auc: among
quotes with a predicted speaker, the chance that a right one has a higher confidence than a wrong
one. `--cache DIR` keeps
parsed documents between runs (keyed by the masked text, so any change to quote finding
re-parses); timing is only meaningful without it. `--keep DIR` keeps the prediction files.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quoteattr.articles import Article, read_articles  # noqa: E402
from quoteattr.extract import extract  # noqa: E402
from quoteattr.nlp import load_model  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_cache import CachingPipeline  # noqa: E402


def run_extract(folder: Path, out: Path, nlp) -> tuple[int, float]:
    articles = [a for a in read_articles([folder]) if isinstance(a, Article)]
    start = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        for _, quotes in extract(articles, nlp):
            for item in quotes:
                if item.quote.kind not in ("speech", "fragment"):  # what `quoteattr extract` prints
                    continue
                handle.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    return len(articles), time.perf_counter() - start


def auc(scored: list[tuple[float, bool]]) -> float | None:
    """Probability that a right attribution has a higher confidence than a wrong one (ties half)."""
    right = [c for c, ok in scored if ok]
    wrong = [c for c, ok in scored if not ok]
    if not right or not wrong:
        return None
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))


def polnear_confidence(shared: Path, git: Path, pred: Path) -> list[tuple[float, bool]]:
    """(confidence, speaker right) for each found PolNeAR unit with a named speaker, paired as
    polnear_span_score.py pairs them."""
    sys.path.insert(0, str(shared))
    import polnear_span_score as span  # noqa: E402

    data = span.units_of(str(git), "train")
    with open(pred, encoding="utf-8") as handle:
        predictions = [json.loads(line) for line in handle if line.strip()]
    span.locate(predictions, data)
    best = {}
    for p in predictions:
        units = data.get(p["_art"], ("", []))[1]
        if p["_span"] is None:
            continue
        s, e = p["_span"]
        for k, u in enumerate(units):
            overlap = sum(max(0, min(e, ue) - max(s, us)) for us, ue in u["spans"])
            if overlap > 0 and u["direct"] and ((p["_art"], k) not in best or overlap > best[(p["_art"], k)][0]):
                best[(p["_art"], k)] = (overlap, p)
    out = []
    for (art, k), (_, p) in best.items():
        unit = data[art][1][k]
        if unit["speaker"] and p.get("speaker"):
            out.append((p.get("confidence") or 0.0, span.same(unit["speaker"], p.get("speaker"))))
    return out


def run(script: Path, *args) -> str:
    done = subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{script.name} failed: {done.stderr[-2000:]}")
    return done.stdout


def number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1)) if found and found.group(1) != "nan" else None


def _name_words(text) -> list[str]:
    """A name's words, lower-case, without punctuation; runs of initials joined ("H. D." -> "hd")."""
    words = re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFKC", text or "").lower()).split()
    out: list[str] = []
    for word in words:
        if len(word) == 1 and out and len(out[-1]) <= 3 and out[-1].isalpha() and out[-1] not in ("mr", "ms", "dr"):
            out[-1] += word
        else:
            out.append(word)
    return out


def same_person_name(gold, pred) -> bool:
    """The predicted name is the gold person's name: equal up to punctuation and the spacing of
    initials, or the same first and last name with the middle names of one among the other's
    ("Mohan Majhi" for "Mohan Charan Majhi")."""
    a, b = _name_words(gold), _name_words(pred)
    if not a or not b:
        return False
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    shorter, longer = sorted((a[1:-1], b[1:-1]), key=len)
    return set(shorter) <= set(longer)


def pair_gold(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Gold and predicted quotes paired as the shared score.py pairs them (best match first)."""
    import score  # noqa: E402  (the shared scorer, on sys.path: same normalisation and threshold)

    keyed = [(os.path.basename(p.get("article") or p.get("source") or ""), score.norm(p.get("quote")), p) for p in pred]
    candidates = []
    for gi, g in enumerate(gold):
        gq = score.norm(g["quote"])
        for pi, (art, pq, _) in enumerate(keyed):
            if art != g["article"]:
                continue
            r = score.fuzz.ratio(gq, pq)
            short, long_ = sorted([gq, pq], key=len)
            if r < 80 and not (len(short.split()) >= 3 and short in long_):
                continue
            candidates.append((max(r, 80 * len(short) / max(1, len(long_))), gi, pi))
    used_g, used = {}, set()
    for _, gi, pi in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and pi not in used:
            used_g[gi] = pi
            used.add(pi)
    return [(g, keyed[used_g[gi]][2]) for gi, g in enumerate(gold) if gi in used_g]


def gold_party_figures(gold_path: Path, pred_path: Path, shared: Path) -> dict:
    """Speaker accuracy, and party coverage, accuracy and wrong rate over matched quotes with the
    right speaker."""
    sys.path.insert(0, str(shared))
    import score  # noqa: E402

    gold, pred = score.load(gold_path), score.load(pred_path)
    pairs = pair_gold(gold, pred)
    with_party = [(g, p) for g, p in pairs if g.get("party") and g.get("speaker") and not g.get("optional")]
    right_speaker = [(g, p) for g, p in with_party if same_person_name(g["speaker"], p.get("speaker"))]
    given = [(g, p) for g, p in right_speaker if p.get("party")]
    right = [(g, p) for g, p in given if score.same_party(g["party"], p["party"])]
    n = len(right_speaker)
    named = [(g, p) for g, p in pairs if g.get("speaker") and not g.get("optional")]
    speaker_ok = [1 for g, p in named if same_person_name(g["speaker"], p.get("speaker"))]
    scored = [(p.get("confidence") or 0.0, same_person_name(g["speaker"], p.get("speaker")))
              for g, p in named if p.get("speaker")]
    all_named = [g for g in gold if g.get("speaker") and not g.get("optional")]
    return {"speaker": len(speaker_ok) / len(named) if named else None, "confidence_auc": auc(scored),
            "end_to_end": len(speaker_ok) / len(all_named) if all_named else None,
            "party_coverage": len(given) / n if n else None, "party_accuracy": len(right) / n if n else None,
            "party_wrong": (len(given) - len(right)) / n if n else None, "party_n": n}


def score_gold(name: str, gold: Path, pred: Path, shared: Path, lenient: bool = False) -> dict:
    out = run(shared / "score.py", gold, pred, *(["--lenient-speaker"] if lenient else []))
    row = {
        "set": name,
        "P": number(r"precision ([\d.]+|nan)", out), "R": number(r"recall ([\d.]+|nan)", out),
        "F1": number(r"F1 ([\d.]+|nan)", out),
    }
    row.update(gold_party_figures(gold, pred, shared))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--india", type=Path, help="folder with articles/ and gold.jsonl")
    parser.add_argument("--polnear-git", type=Path, help="PolNeAR git dir (fetch github:networkdynamics/PolNeAR)")
    parser.add_argument("--polnear-out", type=Path, help="OUT folder of polnear_gold.py (train split)")
    parser.add_argument("--polnear-parties", type=Path, help="name,party CSV of the gold speaker strings")
    parser.add_argument("--cache", type=Path, help="keep parsed documents here between runs")
    parser.add_argument("--keep", type=Path, help="keep prediction files here")
    args = parser.parse_args()

    nlp = load_model()
    if args.cache:
        nlp = CachingPipeline(nlp, args.cache)
    work = args.keep or Path(tempfile.mkdtemp(prefix="quoteattr-accuracy-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []

    n, seconds = run_extract(ROOT / "seeds", work / "seeds.jsonl", nlp)
    rows.append({**score_gold("seeds", args.shared / "seeds_gold.jsonl", work / "seeds.jsonl", args.shared),
                 "ms_per_article": 1000 * seconds / n, "articles": n})
    if args.india:
        n, seconds = run_extract(args.india / "articles", work / "india.jsonl", nlp)
        rows.append({**score_gold("India", args.india / "gold.jsonl", work / "india.jsonl", args.shared),
                     "ms_per_article": 1000 * seconds / n, "articles": n})
    if args.polnear_git and args.polnear_out:
        pred = work / "polnear.jsonl"
        n, seconds = run_extract(args.polnear_out / "articles", pred, nlp)
        span = run(args.shared / "polnear_span_score.py", args.polnear_git, "train", args.polnear_out / "articles", pred)
        lenient = run(args.shared / "score.py", args.polnear_out / "gold.jsonl", pred, "--lenient-speaker")
        row = {
            "set": "PolNeAR train (span)", "articles": n, "ms_per_article": 1000 * seconds / n,
            "P": number(r"SPAN precision ([\d.]+)", span), "R": number(r"recall ([\d.]+)", span),
            "F1": number(r"F1 ([\d.]+)", span), "speaker": number(r" speaker ([\d.]+)", span),
            "end_to_end": number(r"end-to-end ([\d.]+)", span),
            "F1_text_pairing": number(r"F1 ([\d.]+)", lenient),
            "confidence_auc": auc(polnear_confidence(args.shared, args.polnear_git, pred)),
            "speaker_text_pairing": number(r"speaker accuracy ([\d.]+)", lenient),
        }
        if args.polnear_parties:
            party = run(args.shared / "polnear_party_score.py", args.polnear_out / "gold.jsonl", pred, args.polnear_parties)
            coverage = number(r"PARTY coverage ([\d.]+|nan)", party)
            accuracy = number(r"PARTY coverage [\d.]+ accuracy ([\d.]+|nan)", party)
            row.update(party_coverage=coverage, party_accuracy=accuracy,
                       party_wrong=None if coverage is None or accuracy is None else coverage - accuracy,
                       party_n=number(r"over (\d+) right-speaker", party))
        rows.append(row)

    columns = [("set", "{}"), ("articles", "{:.0f}"), ("P", "{:.3f}"), ("R", "{:.3f}"), ("F1", "{:.3f}"),
               ("speaker", "{:.3f}"), ("party_accuracy", "{:.3f}"), ("party_coverage", "{:.3f}"),
               ("party_wrong", "{:.3f}"), ("party_n", "{:.0f}"), ("end_to_end", "{:.3f}"),
               ("confidence_auc", "{:.3f}"), ("ms_per_article", "{:.0f}")]
    print("| " + " | ".join(c for c, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [fmt.format(row[c]) if row.get(c) is not None else "-" for c, fmt in columns]
        print("| " + " | ".join(cells) + " |")
    for row in rows:
        if "F1_text_pairing" in row:
            print(f"{row['set']}: score.py --lenient-speaker (text pairing) F1 {row['F1_text_pairing']:.3f} "
                  f"speaker {row['speaker_text_pairing']:.3f}")
    print(f"predictions in {work}")


if __name__ == "__main__":
    main()
