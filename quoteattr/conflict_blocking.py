"""Candidate pairs of statements for the conflict pass, in time near-linear in the statements.

Blocking is an inverted index of rare terms (content words and names). A statement is filed under
every pair of its rarest terms (two statements sharing two rare words are on one subject, whoever
said them), and, with its speaker, under each of its rarest content words (the same person on one
specific subject: the flip-flop). No block is ever skipped for its size: a block larger than the
window is walked in (person, date) order and each member meets the ``window - 1`` statements after
it, so one person's statements on a subject meet their neighbours in time, and the cost per
statement stays bounded however large the corpus grows. Pair generation runs in numpy.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Sequence

import numpy as np

from .claims import Lexical


@dataclass(frozen=True)
class BlockingOptions:
    rare_terms: int = 8  # each statement is filed under every pair of its rarest terms
    person_terms: int = 4  # ... and, with its speaker, under each of its rarest content words
    window: int = 32  # how many neighbours a member of a larger block meets


def document_frequencies(lexicals: Sequence[Lexical]) -> dict[str, int]:
    df: dict[str, int] = {}
    for lex in lexicals:
        for term in lex.terms:
            df[term] = df.get(term, 0) + 1
    return df


def candidate_pairs(lexicals: Sequence[Lexical], persons: Sequence[str | None], order: Sequence[int],
                    df: dict[str, int], wanted: np.ndarray | None = None,
                    options: BlockingOptions = BlockingOptions(),
                    topics: Sequence[Sequence[str]] | None = None) -> np.ndarray:
    """Unique (i, j) index pairs, i < j, as an (n, 2) array; with ``wanted`` (a boolean mask), only
    pairs with at least one wanted statement (the new ones of an incremental run). ``topics`` are
    extra block keys per statement (a stance taken within one party: "alliance" and "all 90
    seats" share no word but are one subject)."""
    vocabulary: dict[str, int] = {}
    person_ids: dict[str, int] = {}
    # A key is two numbers: (term, term) for a pair of rare terms, (-person, term) for a speaker's term.
    first_keys: list[int] = []
    second_keys: list[int] = []
    owners: list[int] = []
    for i, lex in enumerate(lexicals):
        ranked = sorted((t for t in lex.terms if df.get(t, 0) >= 2), key=lambda t: (df[t], t))
        ids = sorted(vocabulary.setdefault(t, len(vocabulary)) for t in ranked[: options.rare_terms])
        for a, b in combinations(ids, 2):
            first_keys.append(a)
            second_keys.append(b)
            owners.append(i)
        person = persons[i]
        if person:
            p = person_ids.setdefault(person, len(person_ids) + 1)
            for term in [t for t in ranked if t not in lex.names][: options.person_terms]:
                first_keys.append(-p)
                second_keys.append(vocabulary.setdefault(term, len(vocabulary)))
                owners.append(i)
        for topic in (topics[i] if topics else ()):
            key = vocabulary.setdefault("\x00" + topic, len(vocabulary))
            first_keys.append(key)  # (key, key): a pair of terms is always (low, high), never equal
            second_keys.append(key)
            owners.append(i)
    if not owners:
        return np.zeros((0, 2), dtype=np.int64)
    k1, k2 = np.array(first_keys, dtype=np.int64), np.array(second_keys, dtype=np.int64)
    owner_array = np.array(owners, dtype=np.int64)
    rank = np.asarray(order, dtype=np.int64)[owner_array]
    sort = np.lexsort((rank, k2, k1))
    k1, k2, owner_array = k1[sort], k2[sort], owner_array[sort]
    firsts, seconds = [], []
    for step in range(1, options.window):
        if step >= len(k1):
            break
        same = (k1[step:] == k1[:-step]) & (k2[step:] == k2[:-step])
        if not same.any():
            break
        firsts.append(owner_array[:-step][same])
        seconds.append(owner_array[step:][same])
    if not firsts:
        return np.zeros((0, 2), dtype=np.int64)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    low, high = np.minimum(a, b), np.maximum(a, b)
    keep = low != high
    if wanted is not None:
        keep &= wanted[low] | wanted[high]
    codes = np.unique(low[keep] * len(lexicals) + high[keep])
    return np.stack([codes // len(lexicals), codes % len(lexicals)], axis=1)
