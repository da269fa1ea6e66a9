"""The conflict score: a logistic model over a few explainable features of a candidate pair.

The weights are data (``data/conflicts/model.json``), learned by ``bench/train_conflicts.py`` from
the labelled PolNeAR pairs in ``bench/data/conflict_pairs.jsonl``; the default threshold there was
chosen for precision. The curated stances (``stances.tsv``: going alone / alliance, confirm /
deny) never fire in that corpus, so their weight cannot be learned from it: it is set by hand
(``fixed_weights``), kept as it is by the trainer, and large enough that a party's opposed stances
on one election are always suggested. Features say how much the two statements share (weighted by how rare the
shared words are; names alone count for nothing), which signals fired and whether they are
aligned on the same claim, and who said them when.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

from .claims import DATA, Lexical
from .conflict_signals import Signal, position_predicates

# How much two statements share decided which pairs were labelled (the pools of
# bench/data/conflict_pairs.jsonl were drawn by shared rare words), so those features learn the
# sampling, not conflict: the model weighs only what the signals say and who said them.
FEATURES = ("negation_aligned", "antonym_aligned", "opposed_loose", "position", "content_target", "numbers", "stance",
            "personal_stance", "same_person", "same_party", "self_change", "cross_names_only")
MODEL = DATA / "model.json"


@dataclass(frozen=True)
class PairContext:
    """Who said the two statements, and how many days apart (None when a date is unknown)."""

    same_person: bool
    same_party: bool
    days_apart: int | None


def shared_content(la: Lexical, lb: Lexical) -> tuple[set[str], set[str]]:
    """(content terms, names) the two share; a term written as a name on both sides is a name."""
    shared = la.terms & lb.terms
    names = {t for t in shared if t in la.names and t in lb.names}
    return shared - names, names


def topic_weights(la: Lexical, lb: Lexical, idf: dict[str, float], default_idf: float) -> tuple[float, float]:
    """(weighted cosine of the shared content terms, their summed rarity): how much one subject."""
    content, _ = shared_content(la, lb)
    weight = lambda t: idf.get(t, default_idf)  # noqa: E731
    shared = sum(weight(t) for t in content)
    norm = math.sqrt(sum(weight(t) for t in la.terms) * sum(weight(t) for t in lb.terms)) or 1.0
    return shared / norm, shared


def features(la: Lexical, lb: Lexical, signals: list[Signal], context: PairContext,
             idf: dict[str, float], default_idf: float) -> dict[str, float]:
    content, names = shared_content(la, lb)
    topic, rarity = topic_weights(la, lb, idf, default_idf)
    names_of = {s.name: s for s in reversed(signals)}
    aligned = {s.name for s in signals if s.aligned}
    opposed = bool({"negation", "antonym"} & aligned) or bool({"stance", "personal stance"} & set(names_of))
    positions = position_predicates()
    opposed_claims = [s for s in signals if s.aligned and s.name in ("negation", "antonym")]
    return {
        # The opposed predicate takes a position (support, vote, make:mistake), not "win" or "be".
        "position": float(any(s.predicate in positions for s in opposed_claims)),
        # ... and its shared target is a thing, not only a name ("nominee", not just "trump").
        "content_target": float(any(set(s.on) - names for s in opposed_claims)),
        "topic": min(1.0, topic),
        "shared_rare": min(1.0, rarity / 15.0),
        "names_only": float(not content and bool(names)),
        "negation_aligned": float("negation" in aligned),
        "antonym_aligned": float("antonym" in aligned),
        "opposed_loose": float(bool({"negation", "antonym"} & set(names_of)) and not ({"negation", "antonym"} & aligned)),
        "numbers": float("numbers" in aligned),
        # A curated stance (going alone / alliance) opposes two statements of one party or person only.
        # ... and needs a word or name both share: the state or the election it is about.
        "stance": float("stance" in names_of and (context.same_person or context.same_party) and bool(content or names)),
        "personal_stance": float("personal stance" in names_of and context.same_person),
        "polarity_only": float(la.negated != lb.negated and not signals),
        "same_person": float(context.same_person),
        "same_party": float(context.same_party and not context.same_person),
        "self_change": float(context.same_person and opposed and (context.days_apart or 0) > 0),
        "length": math.log10(max(la.n_words, lb.n_words, 1)) / 2.0,
        # Two people of different parties opposed only on a name ("beat Trump") disagree; that is politics.
        "cross_names_only": float(not context.same_person and not context.same_party
                                  and not any(set(s.on) - names for s in opposed_claims)),
    }


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    intercept: float
    threshold: float  # the default review threshold, chosen for precision

    def score(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return 1.0 / (1.0 + math.exp(-z))

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        return {name: self.weights.get(name, 0.0) * value for name, value in values.items() if value}


@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    return Model({**data["weights"], **data.get("fixed_weights", {})}, float(data["intercept"]), float(data["threshold"]))
