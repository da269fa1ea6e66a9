"""Speaker identity across the corpus: names, non-people, party history, reviewers' corrections."""
import json

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT
from quoteattr import publish
from quoteattr.cli import cli
from quoteattr.identity import update_identities
from quoteattr.identity.history import Term, party_history, party_on
from quoteattr.identity.keys import QuoteInput
from quoteattr.identity.names import check_person_name, compatible, completed_name, leading_non_name, parse_name, \
    role_before_name
from quoteattr.identity.roles import clean_role
from quoteattr.publish import metadata_dict


@pytest.mark.parametrize("a, b", [
    ("Hillary Rodham Clinton", "Hillary Clinton"), ("Hilary Clinton", "Hillary Clinton"),
    ("Mr. Donald J. Trump", "Donald Trump"), ("Shri Narendra Modi", "Narendra Modi"), ("Ted Cruz", "Edward Cruz"),
    ("Sen. Bernie Sanders", "Bernard Sanders"),
])
def test_variants_of_one_name_are_compatible(a, b):
    assert compatible(parse_name(a), parse_name(b)) is not None


@pytest.mark.parametrize("a, b", [
    ("Bill Clinton", "Hillary Clinton"), ("Eric Trump", "Donald Trump"), ("Donald Trump Jr.", "Donald Trump"),
    ("Manmohan Singh", "Rajnath Singh"), ("Alan Grayson", "Albert Grayson"),
])
def test_different_people_of_one_surname_are_not(a, b):
    assert compatible(parse_name(a), parse_name(b)) is None


@pytest.mark.parametrize("name, kind", [
    ("Trump Tower", "rejected"), ("LONDON", "rejected"), ("Black Lawmakers Rip Donald Trump", "rejected"),
    ("Calls Trump", "rejected"), ("Trump Speech", "rejected"), ("Monday", "rejected"), ("I", "rejected"),
    ("Council", "organisation"), ("Some Democrats", "anonymous"), ("White Voters", "anonymous"), ("White House", "organisation"),
    ("Donald Trump", "person"), ("Jim Webb", "person"),
])
def test_what_is_no_person(name, kind):
    assert check_person_name(name).kind == kind


def test_a_name_the_parse_cut_is_completed_from_the_article():
    assert leading_non_name("See Sexton") == "Sexton"  # "(See Sexton's full timeline below.)"
    assert completed_name("Ban Ki", None, "said Ban Ki-moon, the secretary general") == "Ban Ki-moon"
    assert completed_name("Brewer", "Former Arizona governor Jan", "governor Jan Brewer said") == "Jan Brewer"
    assert completed_name("Brewer", "Mr.", "Mr. Brewer said") is None
    assert role_before_name("Maricopa County Recorder Helen Purcell") == "Helen Purcell"
    assert role_before_name("Norbert Leo Butz") is None


def test_roles_never_keep_the_quote_placeholder():
    text = 'He is that "crazy" billionaire, said Smith.'
    assert clean_role('that "Qxxxx" billionaire', text) == 'that "crazy" billionaire'
    assert "Qx" not in (clean_role('"Qxxxxxxxx," Republican nominee') or "")


def _quote(qid, date, party, evidence):
    return QuoteInput(qid, f"a-{qid}", date, "Ram Kumar", "person", None, (), party, evidence, None, None)


def test_party_is_a_history_and_a_quote_gets_the_party_on_its_date():
    quotes = [_quote("1", "2020-01-05", "bjp", "BJP leader Ram Kumar"),
              _quote("2", "2020-06-01", "bjp", "BJP MLA Ram Kumar"),
              _quote("3", "2021-03-01", "inc", "Ram Kumar, who joined the Congress last month")]
    terms = party_history([], quotes, lambda s: s)
    assert [(t.party_id, t.valid_from, t.valid_to) for t in terms] == [
        ("bjp", "2020-01-05", "2021-02-28"), ("inc", "2021-03-01", None)]
    assert "BJP leader Ram Kumar" in terms[0].evidence and terms[1].evidence.startswith("joined")
    assert party_on(terms, "2020-12-31", None) == "bjp" and party_on(terms, "2022-01-01", None) == "inc"
    # one stray article naming another party is noise, not a defection
    noisy = quotes[:2] + [_quote("4", "2020-09-01", "inc", "Congress leader Ram Kumar")]
    assert [t.party_id for t in party_history([], noisy, lambda s: s)] == ["bjp"]
    assert party_on([Term("bjp", "2020-01-01", None, "article", "")], None, None) == "bjp"


def _article(aid, date, text, title="News"):
    return {"id": aid, "date": date, "title": title, "text": text, "url": f"https://example.org/{aid}"}


CORPUS = [
    _article("q1", "2024-03-01", '"We will win every ward," Green Party co-leader Ada Quill said on Monday. '
                                 '"The plan is ready," Quill added.'),
    _article("q2", "2024-03-09", '"Rents must fall," Quill said at a rally in Leeds. '
                                 '"Buses should be free," Ms. Quill told reporters.'),
    _article("q3", "2027-04-02", '"The council failed us," Adeline Quill, a Green Party councillor, said. '
                                 '"We need parks," she said.'),
    _article("q4", "2024-04-20", '"Nobody listens to us," some Democrats said after the vote. '
                                 '"Taxes are too high," said Bob Hale, a farmer.'),
]
LATER = [_article("q5", "2024-05-01", '"The budget is a joke," Ada Quill said.')]


def _write(folder, rows):
    folder.mkdir(exist_ok=True)
    path = folder / "wire.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture()
def corpus_db(tmp_path):
    path = tmp_path / "quoteattr.db"
    result = CliRunner().invoke(cli, ["ingest", str(_write(tmp_path / "in", CORPUS)), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _speaker_of(db, text):
    return next(db.query("select speaker_id from quotes where text like ?", [f"%{text}%"]))["speaker_id"]


def test_one_person_one_speaker_across_articles(corpus_db):
    db = sqlite_utils.Database(corpus_db)
    ada = _speaker_of(db, "win every ward")
    assert ada == "ada-quill"
    assert {_speaker_of(db, t) for t in ("plan is ready", "Rents must fall", "Buses should be free")} == {ada}
    aliases = {r["alias"]: r["count"] for r in db.query("select * from speaker_aliases where speaker_id = ?", [ada])}
    assert aliases["Ada Quill"] == 2 and aliases["Quill"] >= 4
    assert _speaker_of(db, "council failed us") == "adeline-quill"  # another first name: another person
    groups = next(db.query("select s.kind, s.name from speakers s join quotes q on q.speaker_id = s.id "
                           "where q.text like '%Nobody listens%'"))
    assert groups["kind"] == "anonymous" and "democrats" in groups["name"].lower()
    assert not list(db.query("select * from speakers where kind = 'person' and name like '%Democrat%'"))
    [term] = list(db.query("select * from party_terms where speaker_id = ?", [ada]))
    assert term["party_id"].startswith("green-party") and "Green Party co-leader Ada Quill" in term["evidence"]
    parties = {r["party_id"] for r in db.query("select party_id from quotes where speaker_id = ?", [ada])}
    assert parties == {term["party_id"]}


def test_identity_runs_only_when_something_is_new(corpus_db):
    db = sqlite_utils.Database(corpus_db)
    assert not update_identities(db).ran
    before = list(db.query("select id, speaker_id, party_id from quotes order by id"))
    assert update_identities(db, full=True).ran
    assert list(db.query("select id, speaker_id, party_id from quotes order by id")) == before


def test_speaker_page_pages_its_timeline(corpus_db):
    db = sqlite_utils.Database(corpus_db)
    first = publish.speaker_page(db.conn, "ada-quill", page=1, size=3)
    second = publish.speaker_page(db.conn, "ada-quill", page=2, size=3)
    assert (first["total"], first["pages"], len(first["dated"]), len(second["dated"])) == (4, 2, 3, 1)
    assert [q["date"] for q in first["dated"] + second["dated"]] == sorted(q["date"] for q in first["dated"] + second["dated"])
    assert {a["alias"] for a in first["aliases"]} >= {"Ada Quill", "Quill"}


def _ds(path):
    return Datasette(files=[str(path)], metadata=metadata_dict("quoteattr"), plugins_dir=str(ROOT / "datasette_plugins"),
                     settings={"allow_csv_stream": True})


async def _post(ds, speaker, data, cookies):
    return await ds.client.post(f"/-/speaker/{speaker}/correct", data=data, cookies=cookies)


@pytest.mark.asyncio
async def test_corrections_need_a_reviewer_round_trip_and_survive_reingest(corpus_db, tmp_path):
    ds = _ds(corpus_db)
    db = sqlite_utils.Database(corpus_db)
    anonymous = await ds.client.get("/-/speaker/ada-quill")
    assert anonymous.status_code == 200 and "qa-merge-form" not in anonymous.text
    assert "Green Party co-leader Ada Quill" in anonymous.text and 'class="qa-alias">Quill<' in anonymous.text
    token = anonymous.cookies.get("ds_csrftoken")
    refused = await _post(ds, "adeline-quill", {"csrftoken": token, "action": "merge", "into": "ada-quill"},
                          {"ds_csrftoken": token})
    assert refused.status_code == 403 and db["speaker_corrections"].count == 0
    assert _speaker_of(db, "council failed us") == "adeline-quill"

    actor = {"ds_actor": ds.sign({"a": {"id": "reviewer1"}}, "actor")}
    page = await ds.client.get("/-/speaker/adeline-quill", cookies=actor)
    token = page.cookies.get("ds_csrftoken")
    assert "qa-merge-form" in page.text and "qa-party-form" in page.text
    no_csrf = await _post(ds, "adeline-quill", {"action": "merge", "into": "ada-quill"}, actor)
    assert no_csrf.status_code == 403 and db["speaker_corrections"].count == 0
    cookies = {**actor, "ds_csrftoken": token}

    merged = await _post(ds, "adeline-quill", {"csrftoken": token, "action": "merge", "into": "ada-quill"}, cookies)
    assert merged.status_code == 302 and merged.headers["location"] == "/-/speaker/ada-quill"
    assert _speaker_of(db, "council failed us") == "ada-quill"
    assert not list(db.query("select * from speakers where id = 'adeline-quill'"))
    assert db.execute("select name from speakers where id = 'ada-quill'").fetchone()[0] == "Ada Quill"

    # an alias split off: the quotes under it become their own person again
    split = await _post(ds, "ada-quill", {"csrftoken": token, "action": "split", "alias": "Adeline Quill"}, cookies)
    assert split.status_code == 302
    adeline = _speaker_of(db, "council failed us")
    assert adeline != "ada-quill" and split.headers["location"] == f"/-/speaker/{adeline}"
    assert _speaker_of(db, "win every ward") == "ada-quill"

    # a party term set by hand, then ended: quotes after the end fall back on the articles
    bad = await _post(ds, "ada-quill", {"csrftoken": token, "action": "set_party", "party": "no such party"}, cookies)
    assert bad.status_code == 400
    labour = await _post(ds, "ada-quill", {"csrftoken": token, "action": "set_party", "party": "Labour Party",
                                           "valid_from": "2024-03-05", "note": "joined Labour"}, cookies)
    assert labour.status_code == 302
    assert db.execute("select party_id from quotes where text like '%Rents must fall%'").fetchone()[0] == "labour-party"
    assert db.execute("select party_id from quotes where text like '%win every ward%'").fetchone()[0] .startswith("green-party")
    term = next(db.query("select id from party_terms where speaker_id = 'ada-quill' and party_id = 'labour-party'"))["id"]
    ended = await _post(ds, "ada-quill", {"csrftoken": token, "action": "end_party", "term": term,
                                          "valid_to": "2024-03-31"}, cookies)
    assert ended.status_code == 302
    assert next(db.query("select valid_to from party_terms where speaker_id = 'ada-quill' "
                         "and party_id = 'labour-party'"))["valid_to"] == "2024-03-31"
    page = (await ds.client.get("/-/speaker/ada-quill", cookies=actor)).text
    assert "joined Labour" in page and "set by reviewer1" in page
    corrections = list(db.query("select action, actor_id, at from speaker_corrections order by id"))
    assert [c["action"] for c in corrections] == ["merge", "split", "set_party", "end_party"]
    assert all(c["actor_id"] == "reviewer1" and c["at"] for c in corrections)

    # a re-ingest with new articles (and a full recompute) undoes nothing
    state = list(db.query("select id, speaker_id, party_id from quotes order by id"))
    folder = tmp_path / "more"
    result = CliRunner().invoke(cli, ["ingest", str(_write(tmp_path / "in", CORPUS)), str(_write(folder, LATER)),
                                      "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["identity", "--db", str(corpus_db), "--full"]).exit_code == 0
    after = {r["id"]: r for r in db.query("select id, speaker_id, party_id from quotes")}
    assert all(after[r["id"]] == r for r in state)
    assert _speaker_of(db, "budget is a joke") == "ada-quill"
    assert db.execute("select party_id from quotes where text like '%Rents must fall%'").fetchone()[0] == "labour-party"
    assert _speaker_of(db, "council failed us") == adeline


def test_a_database_from_before_identities_is_upgraded_in_place(tmp_path):
    """Quotes stored by a version without identities keep their speaker names as what extraction
    found, get speakers across articles at the next run, and lose the mask placeholder in roles."""
    from quoteattr.schema import QUOTE_COLUMNS
    from quoteattr.store import open_db

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old["articles"].insert_all([
        {"id": "a1", "date": "2024-03-01", "text": 'He is that "crazy" man, said co-leader Ada Quill.'},
        {"id": "a2", "date": "2024-03-02", "text": '"No," Quill said.'}], pk="id")
    old["speakers"].insert_all([{"id": "ada-quill", "name": "Ada Quill", "kind": "person", "party_id": None,
                                 "role": 'that "Qxxxx" man'},
                                {"id": "quill", "name": "Quill", "kind": "person", "party_id": None, "role": None}],
                               pk="id")
    legacy = [c for c in QUOTE_COLUMNS if c not in
              ("speaker_alias", "speaker_kind", "person_id", "name_forms", "extracted_party_id", "identity_key")]
    row = {c: None for c in legacy}
    old["quotes"].insert_all([
        {**row, "id": "a1-0-5", "article_id": "a1", "date": "2024-03-01", "text": "crazy", "speaker_id": "ada-quill",
         "speaker_name": "Ada Quill", "role": 'that "Qxxxx" man', "kind": "speech"},
        {**row, "id": "a2-0-4", "article_id": "a2", "date": "2024-03-02", "text": "No,", "speaker_id": "quill",
         "speaker_name": "Quill", "kind": "speech"}], pk="id")
    db = open_db(path)
    assert db.execute("select speaker_alias from quotes where id = 'a2-0-4'").fetchone()[0] == "Quill"
    assert db.execute("select role from quotes where id = 'a1-0-5'").fetchone()[0] == 'that "crazy" man'
    assert update_identities(db).ran
    assert {r["speaker_id"] for r in db.query("select speaker_id from quotes")} == {"ada-quill"}
    assert [r["id"] for r in db.query("select id from speakers")] == ["ada-quill"]
