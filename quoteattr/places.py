"""Place names (countries, first-level divisions, cities) from the bundled gazetteer.

spaCy's small model tags many place names as PERSON ("West Bengal", "Bengaluru") and parses
datelines ("Hyderabad:") as subjects; `is_place` lets attribution tell them from speakers.
The data is built by scripts/build_places.py; see data/PLACES-SOURCES.md.
"""
from __future__ import annotations

import csv
import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every place name in data/places.csv, as written there."""
    path = resources.files("quoteattr").joinpath("data", "places.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["name"] for row in csv.DictReader(handle))


@functools.lru_cache(maxsize=1)
def _upper_names() -> frozenset[str]:
    return frozenset(name.upper() for name in place_names())


def is_place(name: str) -> bool:
    """Whether `name` is a place name: exactly as stored ("Hyderabad"), or in capitals as
    datelines and headlines write it ("HYDERABAD"). No other case folding or trimming."""
    return name in place_names() or (name.isupper() and name in _upper_names())
