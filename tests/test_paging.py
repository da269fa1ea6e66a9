"""Workbench pages come 50 at a time with their counts, every page query is index-backed, and a
streamed CSV is the whole table: through a real Datasette on a real SQLite file."""
import csv
import io
import re
import sqlite3

import pytest
from datasette.app import Datasette

from conftest import ROOT
from quoteattr import publish
from quoteattr.conflict_queue import QueueQuery, queue_page
from quoteattr.schema import QUEUE_INDEX
from quoteattr.store import insert_rows, open_db

PARTY_QUOTES, STATEMENT_QUOTES, ARTICLE_QUOTES = 120, 60, 55
QUOTE_COLUMNS = ["id", "article_id", "speaker_id", "party_id", "date", "text", "start", "end", "is_fragment",
                 "kind", "speaker_name", "statement_id"]


def _rows():
    """120 quotes of the Green Party over 120 days (the last 7 undated), one statement said 60
    times, one article holding 55 quotes."""
    for i in range(PARTY_QUOTES + 40):
        article = "art-big" if i < ARTICLE_QUOTES else f"art-{i:03}"
        date = None if PARTY_QUOTES - 7 <= i < PARTY_QUOTES else f"2024-{1 + i // 28 % 12:02}-{1 + i % 28:02}"
        party = "green-party" if i < PARTY_QUOTES else "other-party"
        statement = "st-repeated" if i % 2 == 0 and i < 2 * STATEMENT_QUOTES else f"st-{i:03}"
        text = "We will plant a million trees" if statement == "st-repeated" else f"Quote number {i} about trees"
        yield (f"q-{i:03}", article, "ada-quill", party, date, text, 10 * i, 10 * i + 8, 0, "speech", "Ada Quill",
               statement)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("paging") / "quoteattr.db"
    db = open_db(path)
    with db.atomic():
        insert_rows(db, "parties", ["id", "name", "aliases"], [("green-party", "Green Party", "[]"),
                                                               ("other-party", "Other Party", "[]")])
        insert_rows(db, "speakers", ["id", "name", "kind", "party_id"], [("ada-quill", "Ada Quill", "person",
                                                                         "green-party")])
        rows = list(_rows())
        articles = sorted({(r[1], r[4]) for r in rows}, key=lambda a: a[0])
        insert_rows(db, "articles", ["id", "source", "title", "date", "text"],
                    [(a, "paper.example", f"Title {a}", d, "Trees.\nMore trees.") for a, d in dict(articles).items()])
        insert_rows(db, "quotes", QUOTE_COLUMNS, rows)
        insert_rows(db, "statements", ["id", "canonical_text", "speakers", "n_quotes"],
                    [(s, "text", '["Ada Quill"]', 1) for s in sorted({r[-1] for r in rows})])
    db.conn.close()
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return Datasette(files=[str(db_path)], metadata=publish.metadata_dict("quoteattr"),
                     plugins_dir=str(ROOT / "datasette_plugins"), settings={"allow_csv_stream": True})


def shown_ids(html: str) -> list[str]:
    return re.findall(r'href="/-/quote/(q-\d+)"', html)


def party_order() -> list[str]:
    """The party page's order: newest first, undated last (ties by id, descending)."""
    rows = [r for r in _rows() if r[3] == "green-party"]
    dated = sorted((r for r in rows if r[4]), key=lambda r: (r[4], r[0]), reverse=True)
    return [r[0] for r in dated] + sorted((r[0] for r in rows if not r[4]), reverse=True)


@pytest.mark.asyncio
async def test_party_page_two_shows_quotes_51_to_100_of_the_true_count(ds):
    first = (await ds.client.get("/-/party/green-party")).text
    second = (await ds.client.get("/-/party/green-party?page=2")).text
    third = (await ds.client.get("/-/party/green-party?page=3")).text
    order = party_order()
    assert shown_ids(first) == order[:50] and shown_ids(second) == order[50:100] and shown_ids(third) == order[100:]
    assert "120 quotes; showing 51–100." in second and "page 2 of 3" in second
    assert 'href="/-/party/green-party?page=1"' in second and 'href="/-/party/green-party?page=3"' in second
    assert 'class="qa-next"' not in third and "showing 101–120" in third
    assert shown_ids(third)[-7:] == sorted((f"q-{i:03}" for i in range(113, 120)), reverse=True)  # undated last
    assert "1 speaker; the most quoted in its quotes:" in first and "Ada Quill</a> — 120 quotes" in first


@pytest.mark.asyncio
@pytest.mark.parametrize("page", ["9999", "0", "-3", "two"])
async def test_a_page_out_of_range_or_unreadable_is_graceful(ds, page):
    response = await ds.client.get(f"/-/party/green-party?page={page}")
    assert response.status_code == 200
    if page == "9999":
        assert "there is no page 9999 (the last is 3)" in response.text and not shown_ids(response.text)
        assert 'href="/-/party/green-party?page=3"' in response.text  # back to the last page
    else:
        assert shown_ids(response.text) == party_order()[:50]


@pytest.mark.asyncio
async def test_statement_page_pages_its_occurrences(ds):
    first = (await ds.client.get("/-/statement/st-repeated")).text
    second = (await ds.client.get("/-/statement/st-repeated?page=2")).text
    assert first.count('class="qa-occurrence"') == 50 and second.count('class="qa-occurrence"') == 10
    assert "60 occurrences; showing 51–60." in second and "page 2 of 2" in second
    assert len(set(shown_ids(first)) | set(shown_ids(second))) == 60
    assert 'href="/quoteattr/quote_records.csv?_stream=on&amp;statement_id=st-repeated"' in first


@pytest.mark.asyncio
async def test_article_page_lists_its_quotes_in_pages(ds):
    first = (await ds.client.get("/-/article/art-big?quote=q-003")).text
    second = (await ds.client.get("/-/article/art-big?quote=q-003&page=2")).text
    assert "55 quotes; showing 1–50." in first and shown_ids(second) == [f"q-{i:03}" for i in range(50, 55)]
    assert 'href="/-/article/art-big?quote=q-003&amp;page=2"' in first
    single = (await ds.client.get("/-/article/art-060")).text
    assert "1 quote." in single and 'class="qa-pages"' not in single


@pytest.mark.asyncio
async def test_page_csv_links_stream_every_row_not_one_page(ds):
    party = (await ds.client.get("/-/party/green-party")).text
    href = re.search(r'class="qa-csv" href="([^"]+)"', party)[1].replace("&amp;", "&")
    rows = list(csv.DictReader(io.StringIO((await ds.client.get(href)).text)))
    assert len(rows) == PARTY_QUOTES and {r["party_id"] for r in rows} == {"green-party"}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["quote_records", "quotes", "statements"])
async def test_streamed_csv_equals_the_table(ds, db_path, name):
    """The one-pass stream has Datasette's columns and every row once (Datasette's own view
    stream re-runs the view with OFFSET for each 1,000 rows)."""
    text = (await ds.client.get(f"/quoteattr/{name}.csv?_stream=on&_size=max")).text
    got = list(csv.reader(io.StringIO(text)))
    conn = sqlite3.connect(db_path)
    cursor = conn.execute(f"select * from [{name}]")
    want = [["" if v is None else str(v) for v in row] for row in cursor]
    assert got[0] == [c[0] for c in cursor.description] and sorted(got[1:]) == sorted(want)


def _plans(conn: sqlite3.Connection, run) -> dict[str, list[str]]:
    """Every SQL statement ``run(conn)`` executes, with its query plan."""
    statements = []
    conn.set_trace_callback(statements.append)
    try:
        run(conn)
    finally:
        conn.set_trace_callback(None)
    return {sql: [row[3] for row in conn.execute("explain query plan " + sql)]
            for sql in statements if sql.lstrip().lower().startswith("select")}


@pytest.mark.parametrize("page", [
    lambda conn: publish.party_page(conn, "green-party", 2),
    lambda conn: publish.statement_page(conn, "st-repeated", 2),
    lambda conn: publish.article_quotes(conn, "art-big", 2),
    lambda conn: publish.article_paragraphs(conn, "art-big", "q-003"),
    lambda conn: publish.count_matches(conn, publish.Search("trees", "2024-01-01")),
    lambda conn: publish.search_quotes(conn, publish.Search("trees", order="newest"), 50, 50),
    lambda conn: publish.speaker_page(conn, "ada-quill", 2),
    lambda conn: queue_page(conn, QueueQuery(), 0.5),
    lambda conn: queue_page(conn, QueueQuery(kind="self", review="unreviewed", page=2), 0.5),
], ids=["party", "statement", "article quotes", "article", "search count", "search page", "speaker",
        "conflicts", "conflicts filtered"])
def test_every_page_query_is_index_backed(db_path, page):
    """No page reads a whole table of quotes, speakers, statements or conflicts: each query finds
    its rows through an index. The review queue's filter (score, or manual, or misattribution)
    is an OR no index range answers: it may scan its own covering index, never the table."""
    conn = sqlite3.connect(db_path)
    plans = _plans(conn, page)
    assert plans, "the page ran no query"
    for sql, plan in plans.items():
        scans = [step for step in plan if re.match(r"SCAN (q|quotes|r|speakers|s|sa|sb|statements|c|conflicts)\b", step)
                 and not step.endswith(f"USING COVERING INDEX {QUEUE_INDEX}")]
        assert not scans, f"{sql}\n{plan}"


def test_the_speaker_timeline_pages_in_the_views_order(db_path):
    """Read from the index in date order, the timeline is still speaker_timeline's order (undated
    last, ties by source then id), page after page, with the views' counts."""
    conn = sqlite3.connect(db_path)
    conn.execute("update articles set source = 'b.example' where id in ('art-060', 'art-061', 'art-062')")
    conn.execute("update quotes set date = '2024-03-05' where id in ('q-000', 'q-060', 'q-061', 'q-062', 'q-150')")
    want = [r[0] for r in conn.execute("select id from quote_records where speaker_id = 'ada-quill' "
                                       "order by date is null, date, source, id")]
    got = []
    for page in (1, 2, 3, 4):
        shown = publish.speaker_page(conn, "ada-quill", page, size=45)
        got += [q["id"] for q in shown["dated"] + shown["undated"]]
    assert got == want and len(got) == PARTY_QUOTES + 40
    counts = publish.speaker_page(conn, "ada-quill")
    for view, key in (("speaker_statements", "n_statements"), ("speaker_conflicts", "n_conflicts")):
        assert counts[key] == conn.execute(f"select count(*) from {view} where speaker_id = 'ada-quill'").fetchone()[0]
    conn.rollback()


def test_only_plain_full_streams_skip_datasette():
    from quoteattr.csv_stream import parse_request

    plain = parse_request("/quoteattr/quote_records.csv", "_stream=on&_size=max&party_id=green-party&_dl=1")
    assert plain.table == "quote_records" and plain.filters == (("party_id", "green-party"),) and plain.download
    for query in ("_size=max", "_stream=on&_sort=date", "_stream=on&quote__contains=trees", "_stream=on&_labels=on",
                  "_stream=on&_search=trees", "_stream=on&_next=5"):
        assert parse_request("/quoteattr/quote_records.csv", query) is None, query
    assert parse_request("/quoteattr/quote_records", "_stream=on") is None


@pytest.mark.asyncio
async def test_a_sorted_stream_is_still_datasettes_and_whole(ds):
    text = (await ds.client.get("/quoteattr/quote_records.csv?_stream=on&_sort=id&party_id=green-party")).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == sorted(f"q-{i:03}" for i in range(PARTY_QUOTES))
