"""Conflict signals on pairs written for the test, and the review round-trip in Datasette."""
import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT, SEEDS
from quoteattr.cli import cli
from quoteattr.conflicts import StatementInfo, number_signal, polarity_signal, score_pair, stance_signal, topic_similarity
from quoteattr.publish import metadata_dict


def info(id, text, speaker="s1", party="p1", date="2024-01-01"):
    return StatementInfo(id, text, speaker, speaker, party, party, date)


def test_polarity_flip_names_the_negation():
    a, b = "We will raise taxes on fuel next year", "We will not raise taxes on fuel next year"
    _, shared = topic_similarity(a, b)
    signal = polarity_signal(a, b, shared)
    assert signal and "'not' only in B" in signal.reason and "fuel" in signal.reason


def test_numbers_and_vague_quantities():
    assert "'40' vs '10'" in number_signal("We want 40 seats in the state", "We want 10 seats in the state").reason
    assert "'all' vs 'very small number'" in number_signal("We will fight all 90 seats", "They expect a very small number").reason
    assert number_signal("They expect a very small number", "good small numbers") is None
    assert number_signal("We want 40 seats", "We want 40 seats now") is None


def test_opposed_stances_and_antonyms():
    assert "going alone" in stance_signal("We will contest all 90 seats on our own", "We are exploring a coalition").reason
    assert "support" in stance_signal("We support the farm bill", "We oppose the farm bill").reason
    assert stance_signal("We support the farm bill", "We back the farm bill") is None


def test_kinds_and_off_topic_pairs():
    a = info("a", "We will raise taxes on fuel next year", "s1", "p1")
    assert score_pair(a, info("b", "We will not raise taxes on fuel next year", "s1", "p1")).kind == "self"
    assert score_pair(a, info("b", "We will not raise taxes on fuel next year", "s2", "p1")).kind == "party"
    cross = score_pair(a, info("b", "We will not raise taxes on fuel next year", "s2", "p2", "2024-01-11"))
    assert cross.kind == "cross" and "10 days apart" in cross.reason
    assert score_pair(a, info("b", "The weather in the hills was not pleasant", "s1", "p1")) is None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "quoteattr.db"
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(path)]).exit_code == 0
    return path


def test_seed_aap_pair_is_a_party_conflict_with_reason(seeded):
    db = sqlite_utils.Database(seeded)
    rows = list(db.query("""
        select kind, score, reason from conflict_suggestions
        where (statement_a_text like '%fight on all 90 seats%' and statement_b_text like '%exploring this coalition%')
           or (statement_b_text like '%fight on all 90 seats%' and statement_a_text like '%exploring this coalition%')
    """))
    assert len(rows) == 1
    assert rows[0]["kind"] == "party" and rows[0]["score"] >= 0.5
    assert "all 90 seats" in rows[0]["reason"] and "coalition" in rows[0]["reason"]


def _ds(path):
    return Datasette(files=[str(path)], metadata=metadata_dict("quoteattr"), plugins_dir=str(ROOT / "datasette_plugins"),
                     settings={"allow_csv_stream": True})


async def _form(ds, cookies):
    page = await ds.client.get("/-/conflicts", cookies=cookies)
    return page, page.cookies.get("ds_csrftoken")


@pytest.mark.asyncio
async def test_review_round_trip_needs_a_signed_in_actor(seeded):
    ds = _ds(seeded)
    db = sqlite_utils.Database(seeded)
    conflict_id = next(db.query("select id from conflicts order by score desc limit 1"))["id"]

    anonymous, token = await _form(ds, {})
    assert "Sign in to confirm or reject" in anonymous.text and "qa-review-form" not in anonymous.text
    refused = await ds.client.post("/-/conflicts/review", data={"csrftoken": token, "conflict_id": conflict_id, "verdict": "confirmed"},
                                   cookies={"ds_csrftoken": token})
    assert refused.status_code == 403
    assert db["conflict_reviews"].count == 0

    actor = {"ds_actor": ds.sign({"a": {"id": "reviewer1"}}, "actor")}
    page, token = await _form(ds, actor)
    assert "qa-review-form" in page.text and "<mark>" in page.text
    no_csrf = await ds.client.post("/-/conflicts/review", data={"conflict_id": conflict_id, "verdict": "confirmed"}, cookies=actor)
    assert no_csrf.status_code == 403 and db["conflict_reviews"].count == 0
    done = await ds.client.post("/-/conflicts/review",
                                data={"csrftoken": token, "conflict_id": conflict_id, "verdict": "confirmed", "note": "checked"},
                                cookies={**actor, "ds_csrftoken": token})
    assert done.status_code == 302
    [review] = list(db["conflict_reviews"].rows)
    assert (review["conflict_id"], review["verdict"], review["note"], review["actor_id"]) == (conflict_id, "confirmed", "checked", "reviewer1")
    assert review["reviewed_at"]
    csv = (await ds.client.get("/quoteattr/confirmed_conflicts.csv?_stream=on")).text
    assert conflict_id in csv and len(csv.strip().splitlines()) == 2
    assert "reviewer1" in (await ds.client.get("/quoteattr/conflict_reviews.csv")).text


@pytest.mark.asyncio
async def test_flag_two_quotes_by_hand(seeded):
    ds = _ds(seeded)
    db = sqlite_utils.Database(seeded)
    a, b = [r["id"] for r in db.query("select id from quotes where speaker_name in ('Jairam Ramesh', 'Deepak Babaria') and is_fragment = 0 order by id limit 2")]
    actor = {"ds_actor": ds.sign({"a": {"id": "reviewer2"}}, "actor")}
    quote_page = await ds.client.get(f"/-/quote/{a}", cookies=actor)
    token = quote_page.cookies.get("ds_csrftoken")
    assert "qa-flag-form" in quote_page.text
    response = await ds.client.post("/-/conflicts/flag", data={"csrftoken": token, "quote_a": a, "quote_b": b, "note": "contradicts"},
                                    cookies={**actor, "ds_csrftoken": token})
    assert response.status_code == 302
    row = next(db.query("select * from conflicts where origin = 'manual'"))
    assert row["reason"] == "flagged by reviewer2: contradicts"
    assert next(db.query("select verdict, actor_id from conflict_reviews where conflict_id = ?", [row["id"]])) == {"verdict": "confirmed", "actor_id": "reviewer2"}


def test_conflicts_command_keeps_reviews(seeded):
    db = sqlite_utils.Database(seeded)
    before = db["conflict_reviews"].count
    result = CliRunner().invoke(cli, ["conflicts", "--db", str(seeded)])
    assert result.exit_code == 0 and "suggested for review" in result.output
    assert db["conflict_reviews"].count == before
