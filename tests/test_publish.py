"""The Datasette side, through a real Datasette on a real database built by ingest."""
import csv
import io

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT, SEEDS
from quoteattr.cli import cli
from quoteattr.publish import fts_query, metadata_dict

# A saved web page whose text (not markup) holds a script tag and formulas: text must stay text.
HOSTILE = ('<html><head><title>Quill on plans</title><meta property="article:published_time" content="2024-05-05">'
           '</head><body><article><p>&quot;&lt;script&gt;alert(1)&lt;/script&gt; is not a plan,&quot; Green Party '
           'co-leader Ada Quill said. &quot;=HYPERLINK(1) and @SUM are not ours either,&quot; Quill added.</p>'
           '</article></body></html>')


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    (folder / "hostile.html").write_text(HOSTILE)
    path = tmp_path_factory.mktemp("db") / "quoteattr.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), str(folder), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return Datasette(
        files=[str(db_path)],
        metadata=metadata_dict("quoteattr"),
        plugins_dir=str(ROOT / "datasette_plugins"),
        settings={"allow_csv_stream": True},
    )


@pytest.mark.asyncio
async def test_search_ranks_and_highlights(ds):
    response = await ds.client.get("/-/search?q=high+command")
    assert response.status_code == 200
    html = response.text
    assert "2 quotes matching" in html
    assert html.count("<mark>high</mark> <mark>command</mark>") == 3  # twice in one quote, once in the other
    assert html.index("Right now the order") < html.index("Our <mark>high</mark>")  # bm25: two hits first
    assert "Sushil Gupta" in html


@pytest.mark.asyncio
async def test_phrase_search_and_speaker_name_search(ds):
    phrase = (await ds.client.get('/-/search?q="good+small+numbers"')).text
    assert "2 quotes matching" in phrase
    not_phrase = (await ds.client.get('/-/search?q="small+good+numbers"')).text
    assert "0 quotes matching" in not_phrase
    by_name = (await ds.client.get("/-/search?q=Chadha")).text
    assert "6 quotes matching" in by_name


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ['"', "(", "AND", "NEAR(", "*", "a OR", "');drop table quotes;--", "\u201chigh", "-:^"])
async def test_punctuation_never_gives_an_error_page(ds, query):
    response = await ds.client.get("/-/search", params={"q": query})
    assert response.status_code == 200
    table = await ds.client.get("/quoteattr/quotes", params={"_search": query})
    assert table.status_code == 200


def test_fts_query_quotes_words_and_keeps_phrases():
    assert fts_query('high "exact phrase" x(') == '"high" "exact phrase" "x("'
    assert fts_query("---") == ""


@pytest.mark.asyncio
async def test_quote_page_and_article_context(ds, db_path):
    db = sqlite_utils.Database(db_path)
    row = next(db.query("select id, article_id from quotes where text like 'Ball-by-ball%'"))
    page = await ds.client.get(f"/-/quote/{row['id']}")
    assert page.status_code == 200
    assert "Raghav Chadha" in page.text and "Aam Aadmi Party" in page.text
    assert "date unknown" in page.text  # seed 003 has no date: never invented
    context = await ds.client.get(f"/-/article/{row['article_id']}?quote={row['id']}")
    assert '<p class="qa-has-quote">' in context.text
    assert '<mark id="quote">Ball-by-ball commentary' in context.text
    assert (await ds.client.get("/-/quote/nope")).status_code == 404


@pytest.mark.asyncio
async def test_speaker_page_timeline_and_party_evidence(ds):
    page = (await ds.client.get("/-/speaker/raghav-chadha")).text
    assert "Party: <a href=\"/-/party/aam-aadmi-party\">Aam Aadmi Party</a>" in page
    assert "AAP leader Raghav Chadha" in page  # party evidence
    timeline = page.split('<ol class="qa-timeline">')[1].split("</ol>")[0]
    undated = page.split('<ul class="qa-undated">')[1].split("</ul>")[0]
    assert timeline.count('class="qa-dated"') == 4 and "2024-09-07" in timeline
    assert undated.count("qa-undated-quote") == 2 and "Ball-by-ball" in undated


@pytest.mark.asyncio
async def test_party_page(ds):
    page = (await ds.client.get("/-/party/indian-national-congress")).text
    assert "Deepak Babaria" in page and "Jairam Ramesh" in page


@pytest.mark.asyncio
async def test_user_text_is_escaped(ds):
    search = (await ds.client.get("/-/search?q=script")).text
    assert "<script>alert(1)</script>" not in search
    assert "&lt;<mark>script</mark>&gt;alert(1)" in search
    page = (await ds.client.get("/-/speaker/ada-quill")).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.asyncio
async def test_cells_link_to_speaker_party_and_quote_pages(ds):
    html = (await ds.client.get("/quoteattr/quote_records?speaker=Jairam+Ramesh")).text
    assert '<a href="/-/speaker/jairam-ramesh">Jairam Ramesh</a>' in html
    assert '<a href="/-/party/indian-national-congress">Indian National Congress</a>' in html
    assert 'href="/-/quote/' in html
    table = (await ds.client.get("/quoteattr/quotes")).text
    assert '<a href="/-/speaker/jairam-ramesh">Jairam Ramesh</a>' in table


@pytest.mark.asyncio
async def test_metadata_describes_every_table_and_column(ds, db_path):
    db = sqlite_utils.Database(db_path)
    tables = metadata_dict("quoteattr")["databases"]["quoteattr"]["tables"]
    for name in db.table_names() + db.view_names():
        if "_fts" in name:
            continue
        assert tables[name].get("description"), name
        assert {c.name for c in db[name].columns} <= set(tables[name].get("columns") or {}), name
    facets = (await ds.client.get("/quoteattr/quote_records.json?_shape=objects")).json()
    assert {f for f in facets["facet_results"]} == {"speaker", "party", "date", "source"}


@pytest.mark.asyncio
@pytest.mark.parametrize("query,params,expect", [
    ("quotes_by_speaker", {"speaker": "Chadha"}, 6),
    ("quotes_by_party", {"party": "Congress"}, 7),
    ("quotes_mentioning", {"term": "high command"}, 2),
    ("undated", {}, 5),
])
async def test_canned_queries(ds, query, params, expect):
    response = await ds.client.get(f"/quoteattr/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200
    assert len(response.json()) == expect


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["articles", "parties", "speakers", "quotes", "quote_records", "undated_quotes", "speaker_timeline", "statements", "misattributions"])
async def test_every_table_and_view_streams_full_csv(ds, db_path, name):
    response = await ds.client.get(f"/quoteattr/{name}.csv?_stream=on&_size=max")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) - 1 == sqlite_utils.Database(db_path).execute(f"select count(*) from [{name}]").fetchone()[0]


def test_export_cli_neutralises_formulas(db_path, tmp_path):
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(cli, ["export", "quote_records", "--db", str(db_path), "-o", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == sqlite_utils.Database(db_path)["quotes"].count
    quill = [r["quote"] for r in rows if r["speaker"] == "Ada Quill"]
    assert "'=HYPERLINK(1) and @SUM are not ours either" in quill
    jsonl = CliRunner().invoke(cli, ["export", "speakers", "--db", str(db_path), "--format", "jsonl"])
    assert jsonl.stdout.count("\n") == sqlite_utils.Database(db_path)["speakers"].count
