"""The shipped gazetteer (data/places.csv) and its loader, quoteattr.places."""
import csv
import re
import time
from importlib import resources

import pytest

from quoteattr.places import is_place, place_names

COLUMNS = ["name", "kind", "country", "population"]
KINDS = {"country", "region", "city"}


@pytest.fixture(scope="module")
def rows():
    path = resources.files("quoteattr").joinpath("data", "places.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_file_is_well_formed(rows):
    assert len(rows) > 10_000
    for row in rows:
        assert row["name"] and row["name"] == row["name"].strip(), row
        assert row["kind"] in KINDS, row
        assert re.fullmatch(r"[A-Z]{2}", row["country"]), row
        assert row["population"] == "" or (row["population"].isdigit()), row
    keys = [(r["name"], r["kind"], r["country"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["kind"] for r in rows} == KINDS


def test_file_is_small():
    size = len(resources.files("quoteattr").joinpath("data", "places.csv").read_bytes())
    assert size < 1_500_000


def test_indian_states_and_towns_have_their_kind(rows):
    kinds = {(r["name"], r["country"]): r["kind"] for r in rows if r["kind"] != "city"}
    cities = {(r["name"], r["country"]) for r in rows if r["kind"] == "city"}
    for state in ["West Bengal", "Uttar Pradesh", "Haryana", "Jammu and Kashmir", "Jammu & Kashmir",
                  "Telangana", "Ladakh", "Lakshadweep", "Puducherry"]:
        assert kinds.get((state, "IN")) == "region", state
    assert kinds[("India", "IN")] == "country"
    for town in ["Bengaluru", "Bangalore", "Hyderabad", "Lucknow", "Patna", "Bhubaneswar",
                 "Thrissur", "Nagaon", "Mumbai", "Bombay", "Kolkata", "Calcutta", "Chennai", "Madras"]:
        assert (town, "IN") in cities, town


@pytest.mark.parametrize("name", [
    "West Bengal", "Haryana", "Bengaluru", "Hyderabad", "Ohio", "London", "Paris", "Houston",
    "United States", "U.S.", "UK", "Britain", "Jammu & Kashmir", "Georgia", "Virginia",
    # Decided: "Washington" is a place. In political news it is the capital or the state far more
    # often than a speaker, and WordNet's first sense of the name is the capital.
    "Washington",
])
def test_places(name):
    assert is_place(name)


@pytest.mark.parametrize("name", [
    "Donald", "Trump", "Sanders", "Gandhi", "Kumar", "Modi", "Clinton",
    # Towns named like common first names or surnames, and like common words, are left out.
    "Austin", "Victoria", "Jackson", "Lincoln", "Florence", "Mary", "Jordan", "Reading", "Nice",
])
def test_not_places(name):
    assert not is_place(name)


def test_capitals_match_but_no_other_case_or_punctuation():
    assert is_place("HYDERABAD") and is_place("WEST BENGAL") and is_place("USA")
    assert not is_place("hyderabad")
    assert not is_place("Hyderabad:")
    assert not is_place("US")  # the pronoun in all-caps headlines
    assert not is_place("BJP") and not is_place("GOP")


def test_no_known_speaker_is_a_place():
    from quoteattr.parties import default_kb
    speakers = default_kb().speakers
    names = {s.name for s in speakers} | {alias for s in speakers for alias in s.aliases}
    assert len(names) > 1000
    assert sorted(name for name in names if is_place(name)) == []


def test_loader_is_cached_and_fast():
    names = place_names()
    assert isinstance(names, frozenset) and names is place_names()
    queries = ["Hyderabad", "Narendra Modi", "HYDERABAD", "Said"] * 25_000
    started = time.perf_counter()
    found = sum(is_place(q) for q in queries)
    elapsed = time.perf_counter() - started
    assert found == 50_000
    assert elapsed < 1.0  # 100,000 lookups; about 30 ms on the 2-core machine
