"""Conflict signals on pairs written for the test, stable ids, the review queue and its round-trip."""
import sqlite3

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT, SEEDS
from quoteattr.cli import cli
from quoteattr.conflict_queue import PAGE_SIZE, QueueQuery, mark_spans, queue_page
from quoteattr.conflicts import SUGGEST_THRESHOLD, StatementInfo, detect_conflicts, score_pair
from quoteattr.publish import metadata_dict
from quoteattr.schema import conflict_id


def info(id, text, speaker="Ann Lee", party="p1", date="2024-01-01"):
    return StatementInfo(id, text, speaker.lower().replace(" ", "-"), speaker, party, party, date)


def test_negation_over_the_shared_predicate_names_its_side():
    no, yes = "I am not ready to support Speaker Ryan's agenda", "I support and endorse our Speaker Paul Ryan"
    later_yes = score_pair(info("a", no, date="2016-05-05"), info("b", yes, date="2016-08-05"))
    assert later_yes.kind == "self" and "negated in A" in later_yes.reason and "92 days apart" in later_yes.reason
    later_no = score_pair(info("a", yes, date="2016-05-05"), info("b", no, date="2016-08-05"))
    assert "negated in B" in later_no.reason and "'not ... support' in B" in later_no.reason
    # The same pair given the other way round is the same conflict, A still the earlier statement.
    swapped = score_pair(info("b", no, date="2016-05-05"), info("a", yes, date="2016-08-05"))
    assert swapped.statement_a == "b" and swapped.id == conflict_id("a", "b") == conflict_id("b", "a")


def test_numbers_antonyms_and_stances_on_one_claim():
    seats = score_pair(info("a", "We will win 40 seats in Haryana"), info("b", "We will win 10 seats in Haryana"))
    assert "'40' in A vs '10' in B" in seats.reason
    poverty = score_pair(info("a", "Poverty is rising in the northern states"), info("b", "Poverty is falling in the northern states"))
    assert "'rising' in A vs 'falling' in B" in poverty.reason
    alone = score_pair(info("a", "We will contest all 90 seats on our own"), info("b", "We are exploring a coalition with Congress"))
    assert "opposed stances: going alone" in alone.reason and "alliance ('coalition') in B" in alone.reason


def test_a_shared_name_alone_is_no_topic():
    named = score_pair(info("a", "Trump is not fit to be president"), info("b", "Trump won Florida by a wide margin"))
    aligned = score_pair(info("a", "I am not ready to support Speaker Ryan"), info("b", "I support Speaker Ryan"))
    assert named is None or named.score < SUGGEST_THRESHOLD < aligned.score
    assert score_pair(info("a", "The weather in the hills was not pleasant"), info("b", "We will raise taxes on fuel")) is None


def test_highlighting_escapes_and_never_cuts_markup():
    text = "We'll <b>not</b> support Ryan & co"
    html = str(mark_spans(text, [(9, 12), (17, 24)]))  # 'not' and 'support': tags in the text stay text
    assert "We&#39;ll" in html and "&lt;b&gt;<mark>not</mark>&lt;/b&gt; <mark>support</mark>" in html and "&amp; co" in html
    assert str(mark_spans("We'll win", [(0, 5)])) == "<mark>We&#39;ll</mark> win"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("c") / "quoteattr.db"
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(path)]).exit_code == 0
    return path


def _aap(db):
    return list(db.query("""
        select id, kind, score, reason from conflict_suggestions
        where (statement_a_text like '%fight on all 90 seats%' and statement_b_text like '%exploring this coalition%')
           or (statement_b_text like '%fight on all 90 seats%' and statement_a_text like '%exploring this coalition%')
    """))


def test_seed_aap_pair_is_a_party_conflict_with_reason(seeded):
    [row] = _aap(sqlite_utils.Database(seeded))
    assert row["kind"] == "party" and row["score"] >= SUGGEST_THRESHOLD
    assert "all 90 seats" in row["reason"] and "coalition" in row["reason"] and "in A" in row["reason"]


def _ds(path):
    return Datasette(files=[str(path)], metadata=metadata_dict("quoteattr"), plugins_dir=str(ROOT / "datasette_plugins"),
                     settings={"allow_csv_stream": True})


async def _form(ds, cookies, query=""):
    page = await ds.client.get("/-/conflicts" + query, cookies=cookies)
    return page, page.cookies.get("ds_csrftoken")


@pytest.mark.asyncio
async def test_review_round_trip_needs_a_signed_in_actor(seeded):
    ds = _ds(seeded)
    db = sqlite_utils.Database(seeded)
    conflict = _aap(db)[0]["id"]

    anonymous, token = await _form(ds, {})
    assert "Sign in to review" in anonymous.text and "qa-review-form" not in anonymous.text
    refused = await ds.client.post("/-/conflicts/review", data={"csrftoken": token, "conflict_id": conflict, "verdict": "conflicting"},
                                   cookies={"ds_csrftoken": token})
    assert refused.status_code == 403
    assert db["conflict_reviews"].count == 0

    actor = {"ds_actor": ds.sign({"a": {"id": "reviewer1"}}, "actor")}
    page, token = await _form(ds, actor)
    assert "qa-review-form" in page.text and "<mark>" in page.text
    assert ">A</span>" in page.text and ">B</span>" in page.text and "first seen 2024-09-0" in page.text
    for verdict in ("Conflicting", "Not conflicting", "Different measure or context"):
        assert f">{verdict}</button>" in page.text
    no_csrf = await ds.client.post("/-/conflicts/review", data={"conflict_id": conflict, "verdict": "conflicting"}, cookies=actor)
    assert no_csrf.status_code == 403 and db["conflict_reviews"].count == 0
    bad = await ds.client.post("/-/conflicts/review", data={"csrftoken": token, "conflict_id": conflict, "verdict": "maybe"},
                               cookies={**actor, "ds_csrftoken": token})
    assert bad.status_code == 400 and db["conflict_reviews"].count == 0
    done = await ds.client.post("/-/conflicts/review",
                                data={"csrftoken": token, "conflict_id": conflict, "verdict": "conflicting", "note": "checked",
                                      "back": "kind=party&evil=//x.example"},
                                cookies={**actor, "ds_csrftoken": token})
    assert done.status_code == 302 and done.headers["location"] == f"/-/conflicts?kind=party#{conflict}"
    [review] = list(db["conflict_reviews"].rows)
    assert (review["conflict_id"], review["verdict"], review["note"], review["actor_id"]) == (conflict, "conflicting", "checked", "reviewer1")
    assert review["reviewed_at"]
    csv = (await ds.client.get("/quoteattr/confirmed_conflicts.csv?_stream=on")).text
    assert conflict in csv and len(csv.strip().splitlines()) == 2
    assert "reviewer1" in (await ds.client.get("/quoteattr/conflict_reviews.csv")).text
    reviewed = (await ds.client.get("/-/conflicts?review=conflicting")).text
    assert "exploring this" in reviewed and "qa-verdict-conflicting" in reviewed


def test_a_reviewed_pair_is_never_suggested_again(seeded, tmp_path):
    db = sqlite_utils.Database(seeded)
    conflict = _aap(db)[0]["id"]
    assert db["conflicts"].get(conflict)["verdict"] == "conflicting"
    result = CliRunner().invoke(cli, ["conflicts", "--db", str(seeded)])
    assert result.exit_code == 0 and "suggested for review" in result.output
    assert db["conflicts"].get(conflict)["verdict"] == "conflicting" and db["conflict_reviews"].count >= 1
    # Re-ingesting the seeds into a fresh copy of the reviewed database keeps the verdict too.
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(seeded), "--reprocess"]).exit_code == 0
    assert db["conflicts"].get(conflict)["verdict"] == "conflicting"


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
    assert row["reason"] == "flagged by reviewer2: contradicts" and row["verdict"] == "conflicting"
    assert next(db.query("select verdict, actor_id from conflict_reviews where conflict_id = ?", [row["id"]])) == {"verdict": "conflicting", "actor_id": "reviewer2"}


def _queue_db(path, n=120):
    """A database of ``n`` conflicts between two statements apiece, dates and kinds varied."""
    from quoteattr.schema import ensure_schema

    db = sqlite_utils.Database(path)
    ensure_schema(db)
    statements, conflicts = [], []
    for k in range(n):
        for side in "ab":
            statements.append({"id": f"st-{k}{side}", "canonical_text": f"Claim {k}{side} it's <b>bold</b>", "n_quotes": 1,
                               "first_seen": f"2016-{1 + k % 12:02d}-01", "last_seen": f"2016-{1 + k % 12:02d}-09"})
        conflicts.append({"id": conflict_id(f"st-{k}a", f"st-{k}b"), "statement_a": f"st-{k}a", "statement_b": f"st-{k}b",
                          "kind": ("self", "party", "cross")[k % 3], "score": round(0.5 + k / (2 * n), 4), "reason": f"r{k}",
                          "signals": '[{"spans_a": [[6, 8]], "spans_b": []}]', "origin": "suggested",
                          "date": f"2016-{1 + k % 12:02d}-05", "speakers": f"Speaker {k % 7} | Other {k % 5}",
                          "parties": "Republican | Democratic" if k % 2 else "Democratic | Democratic"})
    db["statements"].insert_all(statements)
    db["conflicts"].insert_all(conflicts)
    return db


def test_queue_pages_filters_counts_and_sorts(tmp_path):
    db = _queue_db(tmp_path / "q.db")
    conn = sqlite3.connect(tmp_path / "q.db")
    first = queue_page(conn, QueueQuery(), 0.5)
    assert first.total == 120 and first.pages == 3 and len(first.conflicts) == PAGE_SIZE
    assert first.conflicts[0]["reason"] == "r119" and first.by_review["unreviewed"] == 120
    assert "<mark>" in str(first.conflicts[0]["a_html"]) and "&lt;b&gt;" in str(first.conflicts[0]["a_html"])
    assert len(queue_page(conn, QueueQuery(page=3), 0.5).conflicts) == 20
    assert queue_page(conn, QueueQuery(page=99), 0.5).query.page == 3
    assert queue_page(conn, QueueQuery(kind="party"), 0.5).total == 40
    assert queue_page(conn, QueueQuery(speaker="Speaker 3"), 0.5).total == len([k for k in range(120) if k % 7 == 3])
    assert queue_page(conn, QueueQuery(party="Republican"), 0.5).total == 60
    assert queue_page(conn, QueueQuery(date_from="2016-03-01", date_to="2016-03-05"), 0.5).total == 10
    assert queue_page(conn, QueueQuery(), 0.99).total == 2
    db.execute("update conflicts set verdict = 'different measure or context' where reason in ('r1', 'r2')")
    db.conn.commit()
    counts = queue_page(conn, QueueQuery(review="different measure or context"), 0.5)
    assert counts.total == 2 and counts.by_review == {"unreviewed": 118, "conflicting": 0, "not conflicting": 0,
                                                      "different measure or context": 2}
    newest = queue_page(conn, QueueQuery(sort="newest"), 0.5).conflicts
    assert newest[0]["date"] == "2016-12-05" and newest[0]["score"] >= newest[1]["score"]
    assert QueueQuery.from_args({"sort": "evil", "review": "x", "page": "-4"}) == QueueQuery()
    assert QueueQuery(kind="self", page=2).url() == "/-/conflicts?kind=self&page=2"


@pytest.mark.asyncio
async def test_queue_page_links_to_the_next_page(tmp_path):
    _queue_db(tmp_path / "quoteattr.db")
    ds = _ds(tmp_path / "quoteattr.db")
    page = (await ds.client.get("/-/conflicts?kind=self")).text
    assert "Page 1 of 1" in page and page.count('class="qa-conflict"') == 40
    page = (await ds.client.get("/-/conflicts")).text
    assert 'href="/-/conflicts?page=2"' in page and ">120</strong> conflicts" in page
