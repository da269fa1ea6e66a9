"""Statements across articles: variants merged, guards kept, misattribution flagged, ids stable."""
import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT
from quoteattr.cli import cli
from quoteattr.dedupe import DedupeOptions, QuoteText, group, normalise, same_statement
from quoteattr.publish import metadata_dict

ARTICLES = {
    "a.txt": 'date 2024-03-01 "We will fight on all 90 seats and uproot the government," Congress MP Anil Mehra said.',
    "b.txt": 'date 2024-03-03 "We will fight on all 90 seats, and uproot the government!" Congress MP Anil Mehra said on Sunday.',
    "c.txt": 'date 2024-03-05 Congress MP Anil Mehra said his party would "fight on all 90 seats" this time.',
    "d.txt": 'date 2024-03-02 "We will fight on all 40 seats and uproot the government," Congress MP Anil Mehra said.',
    "e.txt": 'date 2024-03-04 "We will not fight on all 90 seats and uproot the government," Congress MP Anil Mehra said.',
    "f.txt": 'date 2024-03-06 "We will fight on all 90 seats and uproot the government," BJP leader Ravi Nath said.',
    "g.txt": '"90 seats," Congress MP Anil Mehra told reporters.',
    "h.txt": 'date 2024-03-07 "We will fight on all 90 seats and defeat the government," Congress MP Anil Mehra said.',
}


def ingest(tmp_path, names, db_path):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(ARTICLES[name])
    result = CliRunner().invoke(cli, ["ingest", *[str(folder / n) for n in names], "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return sqlite_utils.Database(db_path)


def statement_of(db, fragment):
    rows = list(db.query("select statement_id from quotes where text like ?", [f"%{fragment}%"]))
    return [r["statement_id"] for r in rows]


def only_statement(db, fragment):
    [sid] = set(statement_of(db, fragment))
    return sid


def test_normalise_folds_case_quotes_punctuation():
    assert normalise("\u201cWe WON'T stop,\u201d  he said!") == "we wont stop he said"


@pytest.mark.parametrize("a,b,same", [
    ("good small numbers", "Good small numbers", True),
    ("We will raise taxes next year", "We will not raise taxes next year", False),
    ("We won't raise taxes next year", "We will raise taxes next year", False),
    ("Give us 40 seats in the state", "Give us 10 seats in the state", False),
    ("Give us forty seats in the state", "Give us ten seats in the state", False),
    ("The talks are moving in a positive direction", "the talks are moving in a positive direction.", True),
    ("The talks are moving in a positive direction", "The talks are moving in the positive direction", True),
    ("small numbers", "we only have small numbers of workers here", False),
])
def test_pair_rule_and_guards(a, b, same):
    assert same_statement(normalise(a), normalise(b), "s", "s", DedupeOptions()) is same


def test_fragment_joins_only_the_same_speaker():
    quotes = [QuoteText("1", "Our doors are open to every ally in the state", "x"),
              QuoteText("2", "doors are open to every ally", "x"),
              QuoteText("3", "are open to every ally in", "y")]
    groups = group(quotes)
    assert groups[0] == groups[1] and groups[2] != groups[0]


def test_variants_merged_guards_kept_apart_and_misattribution(tmp_path):
    db = ingest(tmp_path, ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt"], tmp_path / "q.db")
    a = only_statement(db, "We will fight on all 90 seats and uproot")  # a and f (different speakers)
    members = {r["text"]: r["statement_id"] for r in db.query("select text, statement_id from quotes")}
    assert members["We will fight on all 90 seats, and uproot the government!"] == a  # punctuation variant
    assert members["fight on all 90 seats"] == a  # fragment of the same speaker
    assert statement_of(db, "all 40 seats") != [a]
    assert statement_of(db, "will not fight") != [a]
    assert db.execute("select statement_id from quotes where text = '90 seats'").fetchone()[0] != a  # 2 words: never a fragment
    statement = db["statements"].get(a)
    assert statement["n_quotes"] == 4 and statement["n_articles"] == 4
    assert (statement["first_seen"], statement["last_seen"]) == ("2024-03-01", "2024-03-06")
    assert statement["canonical_text"] == "We will fight on all 90 seats, and uproot the government!"
    assert statement["speaker_conflict"] == 1
    flagged = list(db.query("select speaker, date from misattributions where statement_id = ? order by date", [a]))
    assert {r["speaker"] for r in flagged} == {"Anil Mehra", "Ravi Nath"} and len(flagged) == 4
    assert db.execute("select count(*) from statements where speaker_conflict").fetchone()[0] == 1


def test_ids_stable_across_reingest_and_new_articles(tmp_path):
    db_path = tmp_path / "q.db"
    db = ingest(tmp_path, ["a.txt", "d.txt"], db_path)
    before = {r["id"]: r["statement_id"] for r in db.query("select id, statement_id from quotes")}
    db = ingest(tmp_path, ["a.txt", "d.txt"], db_path)
    assert {r["id"]: r["statement_id"] for r in db.query("select id, statement_id from quotes")} == before
    db = ingest(tmp_path, ["b.txt", "c.txt"], db_path)
    after = {r["id"]: r["statement_id"] for r in db.query("select id, statement_id from quotes")}
    assert all(after[q] == s for q, s in before.items())
    a = only_statement(db, "We will fight on all 90 seats and uproot")
    assert set(statement_of(db, "fight on all 90 seats")) == {a}  # b and c joined a's statement


def test_dedupe_command_thresholds(tmp_path):
    db_path = tmp_path / "q.db"
    ingest(tmp_path, ["a.txt", "h.txt"], db_path)
    default = CliRunner().invoke(cli, ["dedupe", "--db", str(db_path)])
    assert default.exit_code == 0 and "1 statements" in default.output
    strict = CliRunner().invoke(cli, ["dedupe", "--db", str(db_path), "--ratio", "100", "--partial-ratio", "100"])
    assert strict.exit_code == 0 and "2 statements" in strict.output


def test_seed_good_small_numbers_share_a_statement(tmp_path):
    from conftest import SEEDS
    db_path = tmp_path / "seeds.db"
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db_path)]).exit_code == 0
    db = sqlite_utils.Database(db_path)
    ids = {r["statement_id"] for r in db.query("select statement_id from quotes where lower(text) = 'good small numbers'")}
    assert len(ids) == 1 and None not in ids


@pytest.mark.asyncio
async def test_statement_page_and_links(tmp_path):
    db = ingest(tmp_path, ["a.txt", "b.txt", "f.txt"], tmp_path / "quoteattr.db")
    sid = only_statement(db, "fight on all 90 seats")
    ds = Datasette(files=[str(tmp_path / "quoteattr.db")], metadata=metadata_dict("quoteattr"),
                   plugins_dir=str(ROOT / "datasette_plugins"))
    page = (await ds.client.get(f"/-/statement/{sid}")).text
    assert page.count('class="qa-occurrence"') == 3
    assert "Attributed to different speakers" in page and "Ravi Nath" in page and "Anil Mehra" in page
    table = (await ds.client.get("/quoteattr/quotes")).text
    assert f'<a href="/-/statement/{sid}">{sid}</a>' in table
