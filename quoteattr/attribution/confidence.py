"""How likely an attribution is right: a small logistic model over what the attribution found.

The features say how the source was found (a cue governing the quote, a colon, a continuation,
the subject of some verb), how the speaker was resolved (a full name, a surname, a pronoun and
its margin, a role), and how crowded the sentence is. The weights are learned from labelled
real news by ``bench/train_confidence.py`` and ship as ``data/confidence.json``; without that
file the rule-based prior alone is the confidence.
"""
from __future__ import annotations

import functools
import json
import math
from importlib import resources

METHODS = ("label", "cue", "cue-sentence", "colon", "next-sentence", "credit", "naming", "verb",
           "continuation", "preceding")
RESOLUTIONS = ("name", "surname", "knowledge base", "pronoun", "role", "organisation", "publication",
               "anonymous")


def features(method: str, how: str, prior: float, margin: float, *, fragment: bool, full_name: bool,
             known: bool, strong_cue: bool, others_in_sentence: int) -> dict[str, float]:
    found = {f"method={m}": float(method == m) for m in METHODS}
    found.update({f"how={h}": float(how == h) for h in RESOLUTIONS})
    found.update({
        "prior": prior, "pronoun_margin": margin if how == "pronoun" else 0.0,
        "fragment": float(fragment), "full_name": float(full_name), "known": float(known),
        "strong_cue": float(strong_cue), "others_in_sentence": float(min(others_in_sentence, 4)),
    })
    return found


@functools.lru_cache(maxsize=1)
def _model() -> dict | None:
    path = resources.files("quoteattr").joinpath("data", "confidence.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def confidence(found: dict[str, float]) -> float:
    """The model's probability that the speaker is right (the prior when no model ships)."""
    model = _model()
    if model is None:
        return round(found["prior"], 3)
    z = model["intercept"] + sum(w * found.get(name, 0.0) for name, w in model["weights"].items())
    return round(1 / (1 + math.exp(-z)), 3)
