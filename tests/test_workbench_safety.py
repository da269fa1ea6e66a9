"""Issue 10 items 3, 4, 10 and the Host allowlist, through a real Datasette on a real database."""
import csv
import io
import json

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT
from quoteattr.cli import cli
from quoteattr.csvsafe import CsvFormulaGuard, neutralise
from quoteattr.publish import metadata_dict

N_ARTICLES = 26  # 5 quotes about the alliance each: 130 matches, more than the old cap of 100


def alliance_articles() -> list[dict]:
    rows = []
    for i in range(N_ARTICLES):
        quotes = " ".join(f'"The alliance will hold in district {i * 5 + k}," AAP leader Sushil Gupta said.' for k in range(5))
        rows.append({"id": f"a{i}", "text": quotes, "date": f"2024-01-{i + 1:02d}" if i < 25 else None,
                     "source": "Wire", "title": f"Alliance {i}"})
    rows.append({"id": "evil", "text": '"We never said that," Green Party co-leader Ada Quill said.', "date": "2024-02-01",
                 "title": " =1+1", "source": "@SUM(A1)", "url": "javascript:alert(document.domain)"})
    rows.append({"id": "good", "text": '"Fine words," Green Party co-leader Ada Quill said.', "date": "2024-02-02",
                 "title": "Good link", "url": "https://example.org/fine"})
    rows.append({"id": "formula", "text": '"=HYPERLINK(1) is not ours," Green Party co-leader Ada Quill said. '
                 '"-2+3 is our sum," Quill added.', "date": "2024-02-03"})
    return rows


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")
    (folder / "many.jsonl").write_text("".join(json.dumps(r) + "\n" for r in alliance_articles()))
    path = tmp_path_factory.mktemp("db") / "quoteattr.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def ds(db_path):
    return Datasette(files=[str(db_path)], metadata=metadata_dict("quoteattr"),
                     plugins_dir=str(ROOT / "datasette_plugins"), settings={"allow_csv_stream": True})


def article_id(db_path, key):
    return sqlite_utils.Database(db_path).execute("select id from articles where origin like ?", [f"%#{key}"]).fetchone()[0]


# Item 3: stored XSS through an article's url.

@pytest.mark.asyncio
async def test_only_http_urls_become_links(ds, db_path):
    evil = (await ds.client.get(f"/-/article/{article_id(db_path, 'evil')}")).text
    assert 'href="javascript' not in evil and "qa-original" not in evil
    assert "javascript:alert(document.domain)" in evil  # shown as text, never as a link
    good = (await ds.client.get(f"/-/article/{article_id(db_path, 'good')}")).text
    assert '<a class="qa-original" href="https://example.org/fine" rel="nofollow noopener noreferrer">original</a>' in good
    table = (await ds.client.get("/quoteattr/articles?_search=&url__contains=javascript")).text
    assert 'href="javascript' not in table


# Item 4: CSV formula injection through Datasette's own CSV.

def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.asyncio
@pytest.mark.parametrize("url", [
    "/quoteattr/quote_records.csv?_stream=on&_size=max",
    "/quoteattr/quote_records.csv?_dl=1",
    "/quoteattr/quote_records.csv?speaker_id=ada-quill&_stream=on&_dl=1",  # a speaker's "CSV of all their quotes"
    "/quoteattr.csv?sql=select+*+from+quote_records",  # any SQL query's CSV
])
async def test_datasette_csv_neutralises_formulas(ds, url):
    response = await ds.client.get(url)
    assert response.status_code == 200
    rows = csv_rows(response.text)
    quill = {r["quote"] for r in rows if r["speaker"] == "Ada Quill"}
    assert "'=HYPERLINK(1) is not ours" in quill and "'-2+3 is our sum" in quill
    assert {r["title"] for r in rows if r["quote"] == "We never said that"} == {"' =1+1"}  # leading space
    assert {r["source"] for r in rows if r["quote"] == "We never said that"} == {"'@SUM(A1)"}
    assert not any(v.lstrip(" ").startswith(("=", "+", "-", "@")) and not v.lstrip(" -+").replace(".", "").isdigit()
                   for r in rows for v in r.values() if v)


@pytest.mark.asyncio
async def test_table_csv_of_articles_and_numbers_stay_numbers(ds):
    rows = csv_rows((await ds.client.get("/quoteattr/articles.csv?_stream=on")).text)
    assert "' =1+1" in {r["title"] for r in rows}
    assert all(r["n_quotes"].isdigit() for r in rows)
    html = await ds.client.get("/quoteattr/articles")  # only CSV is rewritten
    assert "=1+1" in html.text and "&#39; =1+1" not in html.text


def test_export_neutralises_a_leading_space(db_path, tmp_path):
    out = tmp_path / "articles.csv"
    assert CliRunner().invoke(cli, ["export", "articles", "--db", str(db_path), "-o", str(out)]).exit_code == 0
    assert "' =1+1" in {r["title"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert neutralise(" =1") == "' =1" and neutralise("-5") == "-5" and neutralise("-x") == "'-x"


def test_guard_rewrites_csv_split_anywhere():
    rows = [["a", "b"], ["=1", ' "q" =2'], ["multi\nline", "\t=3"], ["-4.5", "@x"]]
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    text = buf.getvalue()
    for size in (1, 2, 3, 7):
        guard = CsvFormulaGuard()
        chunks = [text[i:i + size] for i in range(0, len(text), size)]
        out = "".join(guard.feed(c, final=(k == len(chunks) - 1)) for k, c in enumerate(chunks))
        assert list(csv.reader(io.StringIO(out))) == [[neutralise(v) for v in r] for r in rows]


# Item 11: DNS rebinding.

@pytest.mark.asyncio
async def test_only_local_host_names_are_served(ds, monkeypatch):
    assert (await ds.client.get("/-/search", headers={"host": "evil.example"})).status_code == 400
    assert (await ds.client.get("/quoteattr/quotes.json", headers={"host": "evil.example:8001"})).status_code == 400
    assert (await ds.client.get("/-/search", headers={"host": "127.0.0.1:8001"})).status_code == 200
    assert (await ds.client.get("/-/search", headers={"host": "localhost"})).status_code == 200
    monkeypatch.setenv("QUOTEATTR_ALLOWED_HOSTS", "quotes.newsroom.example")
    assert (await ds.client.get("/-/search", headers={"host": "quotes.newsroom.example"})).status_code == 200


# Item 10: search is not capped at 100.

@pytest.mark.asyncio
async def test_search_gives_the_true_count_and_pages(ds):
    first = (await ds.client.get("/-/search?q=alliance")).text
    assert "130 quotes matching <strong>alliance</strong>" in first and "showing 1–50" in first
    assert first.count('class="qa-result"') == 50 and "page 1 of 3" in first
    third = (await ds.client.get("/-/search?q=alliance&page=3")).text
    assert third.count('class="qa-result"') == 30 and "showing 101–130" in third and "qa-next" not in third
    assert 'href="/-/search?q=alliance&amp;sort=relevance&amp;page=2"' in third


@pytest.mark.asyncio
async def test_search_date_range_and_order(ds):
    ranged = (await ds.client.get("/-/search?q=alliance&from=2024-01-03&to=2024-01-04&sort=oldest")).text
    assert "10 quotes matching <strong>alliance</strong> dated 2024-01-03 to 2024-01-04, oldest first" in ranged
    dates = [line.split("·")[2].strip() for line in ranged.split('class="qa-meta"')[1:]]
    assert dates == sorted(dates) and set(dates) == {"2024-01-03", "2024-01-04"}
    newest = (await ds.client.get("/-/search?q=alliance&sort=newest")).text
    assert newest.index("2024-01-25") < newest.index("2024-01-24")
    bad = (await ds.client.get("/-/search?q=alliance&from=2024-13-45")).text
    assert "from date: unreadable date" in bad


@pytest.mark.asyncio
async def test_csv_of_all_matches(ds):
    page = (await ds.client.get("/-/search?q=alliance&from=2024-01-02")).text
    assert 'href="/-/search.csv?q=alliance&amp;from=2024-01-02&amp;sort=relevance"' in page
    response = await ds.client.get("/-/search.csv?q=alliance&from=2024-01-02&sort=relevance")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = csv_rows(response.text)
    assert len(rows) == 120 and rows[0]["speaker"] == "Sushil Gupta"  # 130 minus January 1st's 5 and the undated 5
    formulas = csv_rows((await ds.client.get("/-/search.csv?q=ours")).text)
    assert {r["quote"] for r in formulas} == {"'=HYPERLINK(1) is not ours", "'-2+3 is our sum"}  # porter: ours, our
