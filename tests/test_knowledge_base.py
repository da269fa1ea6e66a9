"""The shipped knowledge base files are well formed and say what their sources say."""
import csv
import datetime as dt
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from quoteattr.parties import KnowledgeBase

COLUMNS = ["id", "name", "aliases", "party", "role", "valid_from", "valid_to", "gender", "country", "source"]


def _data(name):
    return resources.files("quoteattr").joinpath("data", name)


def _rows(name):
    with _data(name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


@pytest.fixture(scope="module")
def speakers():
    return _rows("speakers.csv")


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def test_speakers_columns_are_exact(speakers):
    columns, rows = speakers
    assert columns == COLUMNS
    assert len(rows) > 3000


def test_every_party_is_in_parties_csv(speakers):
    _, parties = _rows("parties.csv")
    names = {p["name"] for p in parties}
    missing = {r["party"] for r in speakers[1] if r["party"] not in names}
    assert not missing


def test_dates_are_iso_and_ordered(speakers):
    for row in speakers[1]:
        for key in ("valid_from", "valid_to"):
            if row[key]:
                assert dt.date.fromisoformat(row[key]).isoformat() == row[key], row
        if row["valid_from"] and row["valid_to"]:
            assert row["valid_from"] <= row["valid_to"], row


def test_one_name_country_gender_per_id(speakers):
    seen = defaultdict(set)
    for row in speakers[1]:
        seen[row["id"]].add((row["name"], row["country"], row["gender"]))
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}


def test_terms_of_one_person_do_not_overlap(speakers):
    terms = defaultdict(list)
    for row in speakers[1]:
        terms[row["id"]].append((row["valid_from"] or "0000", row["valid_to"] or "9999"))
    for pid, spans in terms.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end < start, pid


def test_aliases_are_full_names(speakers):
    for row in speakers[1]:
        for alias in filter(None, row["aliases"].split(";")):
            assert len(alias.split()) >= 2, row
            assert alias != row["name"], row


def test_fields_are_from_their_vocabularies(speakers):
    for row in speakers[1]:
        assert row["gender"] in ("", "m", "f"), row
        assert row["country"] in ("US", "IN", "UK"), row
        assert row["id"] and row["source"], row


def test_first_names_are_well_formed():
    columns, rows = _rows("first_names.csv")
    assert columns == ["name", "gender", "share", "count"]
    assert len(rows) > 10000
    for row in rows:
        assert row["name"] == row["name"].lower() and row["gender"] in ("m", "f")
        assert 0.9 <= float(row["share"]) <= 1.0 and int(row["count"]) > 0
    genders = {r["name"]: r["gender"] for r in rows}
    assert (genders["mary"], genders["john"], genders["priya"], genders["rajesh"]) == ("f", "m", "f", "m")
    assert "jordan" not in genders  # given to girls and boys alike


@pytest.mark.parametrize("name, date, party", [
    ("Bernie Sanders", "2016-03-01", "Democratic Party"),  # a hand term: his primary campaign
    ("Bernie Sanders", "2017-06-01", "Independent"),
    ("Paul Ryan", "2016-10-10", "Republican Party"),
    ("Narendra Modi", "2024-09-07", "Bharatiya Janata Party"),
    ("Narendra Modi", None, "Bharatiya Janata Party"),
    ("Keir Starmer", "2025-01-15", "Labour Party"),
    ("Diane Abbott", "2024-07-04", "Labour Party"),
    ("Joe Manchin", "2020-06-01", "Democratic Party"),
    ("Joe Manchin", "2024-09-01", "Independent"),
    ("Sharad Pawar", "2023-05-01", "Nationalist Congress Party"),
    ("Sharad Pawar", "2024-05-01", "Nationalist Congress Party (Sharadchandra Pawar)"),
    ("Hillary Clinton", "2016-06-01", "Democratic Party"),  # a candidate, senator until 2009
    ("Hillary Rodham Clinton", "2008-03-01", "Democratic Party"),
    ("John Kasich", "2016-03-15", "Republican Party"),  # left Congress in 2001
    ("Newt Gingrich", "2012-01-21", "Republican Party"),
    ("Jim Webb", "2010-06-01", "Democratic Party"),
    ("Lincoln Chafee", "2005-06-01", "Republican Party"),  # a Republican senator ...
    ("Lincoln Chafee", "2015-09-01", "Democratic Party"),  # ... and a Democratic candidate
    ("Ben Carson", "2016-02-01", "Republican Party"),
    ("Carly Fiorina", "2016-01-15", "Republican Party"),
    ("Jill Stein", "2016-09-01", "Green Party of the United States"),
    ("Gary Johnson", "2016-09-01", "Libertarian Party"),
    ("Reince Priebus", "2016-06-01", "Republican Party"),
    ("Ben Cardin", "2016-06-01", "Democratic Party"),  # a nickname alias of Benjamin Cardin
    ("Beto O'Rourke", "2016-06-01", "Democratic Party"),  # the source writes O’Rourke
    ("Nitin Gadkari", "2022-03-10", "Bharatiya Janata Party"),  # a union minister ("Nitin Jairam Gadkari")
    ("Mamata Banerjee", "2021-05-05", "All India Trinamool Congress"),  # a chief minister
    ("Tony Blair", "2003-03-18", "Labour Party"),  # an MP before 2024
    ("Douglas Carswell", "2012-01-01", "Conservative Party"),
    ("Douglas Carswell", "2015-01-01", "UK Independence Party"),
    ("Dawn Butler", "2008-01-01", "Labour Party"),  # 2005-10, then again from 2015: one person
    # Hand rows: Indian chief ministers, ministers and party leaders, and dated party changes
    ("Siddaramaiah", "2023-06-01", "Indian National Congress"),
    ("Himanta Biswa Sarma", "2014-06-01", "Indian National Congress"),
    ("Himanta Biswa Sarma", "2022-01-01", "Bharatiya Janata Party"),
    ("Suvendu Adhikari", "2019-06-01", "All India Trinamool Congress"),  # after his last Lok Sabha
    ("Suvendu Adhikari", "2021-06-01", "Bharatiya Janata Party"),
    ("Yogi Adityanath", "2020-01-01", "Bharatiya Janata Party"),
    ("Pinarayi Vijayan", "2020-01-01", "Communist Party of India (Marxist)"),
    ("MK Stalin", "2022-01-01", "Dravida Munnetra Kazhagam"),  # an initials form of M. K. Stalin
    ("Jyotiraditya Scindia", "2019-06-01", "Indian National Congress"),
    ("Jyotiraditya Scindia", "2021-01-01", "Bharatiya Janata Party"),
    ("Eknath Shinde", "2023-06-01", "Shiv Sena"),
    ("Uddhav Thackeray", "2023-06-01", "Shiv Sena (UBT)"),
    ("Ajit Pawar", "2024-03-01", "Nationalist Congress Party"),
    ("Amarinder Singh", "2022-01-01", "Punjab Lok Congress"),
    ("Y. S. Jagan Mohan Reddy", "2020-01-01", "YSR Congress Party"),
    ("K Chandrashekar Rao", "2019-01-01", "Bharat Rashtra Samithi"),  # a sourced member, renamed
    ("Annapurna Devi", "2019-03-24", "Rashtriya Janata Dal"),  # expelled hours before ...
    ("Annapurna Devi", "2019-03-25", "Bharatiya Janata Party"),  # ... she joined the BJP
])
def test_party_as_of_a_date(kb, name, date, party):
    known = kb.known_speaker(name, date)
    assert known is not None and known.party == party


def test_no_party_outside_the_known_terms(kb):
    # Paul Ryan left Congress on 2019-01-03 and Diane Abbott's party between the 2024 election
    # and July 2025 is not in the data: the knowledge base does not guess.
    assert kb.known_speaker("Paul Ryan", "2020-06-01") is None
    assert kb.known_speaker("Diane Abbott", "2025-02-01") is None
    # A governor has no party: Thaawarchand Gehlot's BJP term ends with his appointment in 2021.
    assert kb.known_speaker("Thaawarchand Gehlot", "2021-07-01").party == "Bharatiya Janata Party"
    assert kb.known_speaker("Thaawarchand Gehlot", "2022-01-01") is None


def test_one_id_for_a_member_who_left_and_came_back(speakers):
    ids = {r["id"] for r in speakers[1] if r["name"] == "Dawn Butler"}
    assert len(ids) == 1


def test_a_candidacy_does_not_override_an_office_term(kb):
    # Sanders' FEC filings say Democratic; his Senate seat is independent: the hand rows decide.
    assert kb.known_speaker("Bernie Sanders", "2019-01-15").party == "Independent"


def test_aliases_and_nicknames_reach_the_canonical_name(kb):
    assert kb.known_speaker("Bernard Sanders", "2016-03-01").name == "Bernie Sanders"
    assert kb.known_speaker("Amit Anil Chandra Shah", "2020-01-01").name == "Amit Shah"
    assert kb.known_speaker("Babul Supriya Baral", "2016-01-01").name == "Babul Supriyo"
    assert kb.known_speaker("Bernie", "2016-03-01") is None  # a bare first name is no alias
    assert kb.known_speaker("Newton Gingrich", "1995-01-04").name == "Newt Gingrich"
    assert kb.known_speaker("Nick Clegg", "2012-01-01").name == "Nicholas Clegg"


@pytest.mark.parametrize("word", ["ad", "Ad", "alliance", "independent business"])
def test_common_words_are_no_party(kb, word):
    # "AD" (Apna Dal) once turned the speaker "The ad" of political-ad quotes into a party.
    assert kb.party_named(word) is None


def test_one_seat_and_initials_do_not_make_one_person(speakers):
    # Kadapa's members Y. S. Jagan Mohan Reddy and Y. S. Avinash Reddy, Bangalore North's
    # D. B. Chandre Gowda and D. V. Sadananda Gowda: an initial is no first name.
    ids = defaultdict(set)
    for row in speakers[1]:
        for name in (row["name"], *filter(None, row["aliases"].split(";"))):
            ids[name].add(row["id"])
    assert not ids["Y. S. Jagan Mohan Reddy"] & ids["Y S Avinash Reddy"]
    assert not ids["D.B. Chandre Gowda"] & ids["D.V. Sadananda Gowda"]


def test_a_hand_row_names_the_sourced_member_it_corrects(kb):
    # PRS calls him Chandra Sekhar Kalva Kuntla Rao; news and the hand row, K. Chandrashekar Rao.
    assert kb.known_speaker("Chandra Sekhar Kalva Kuntla Rao", "2020-01-01").name == "K. Chandrashekar Rao"
    assert kb.known_speaker("Bernie Sanders", "2019-01-15").role == "U.S. Senator from Vermont"


@pytest.fixture
def hand_module(monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    from kb import hand
    return hand


def test_hand_rows_are_well_formed(hand_module):
    _, parties = _rows("parties.csv")
    people = hand_module.hand_people()
    assert len(people) > 200
    assert hand_module.unknown_parties(people, {p["name"] for p in parties}) == []


def test_initials_are_written_every_way_news_writes_them(hand_module):
    assert hand_module.initial_forms("M. K. Stalin") == ["M. K. Stalin", "M.K. Stalin", "M K Stalin", "MK Stalin"]
    assert hand_module.initial_forms("N. Chandrababu Naidu") == ["N. Chandrababu Naidu", "N Chandrababu Naidu"]
    assert hand_module.initial_forms("Nitish Kumar") == []


def test_a_bad_hand_row_names_the_file_and_line(hand_module, tmp_path):
    bad = tmp_path / "hand.csv"
    bad.write_text("id,name,aliases,party,role,valid_from,valid_to,gender,country,note\n"
                   "hand:x,X Y,,Bharatiya Janata Party,,2020-13-01,,m,IN,\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"hand.csv, line 2: '2020-13-01'"):
        hand_module.hand_people(bad)
