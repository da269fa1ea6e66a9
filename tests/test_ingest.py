"""Issue 10: an ingest you can trust with an archive - identity, incremental, resumable, safe.

Each test names the numbered item of the issue it would have caught.
"""
import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.app import Datasette

from conftest import ROOT, SEEDS
from quoteattr.cli import cli
from quoteattr.publish import metadata_dict

TABLES = ["articles", "parties", "speakers", "quotes", "statements", "conflicts", "conflict_reviews", "pending_conflict_checks"]


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def contents(db_path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        return {t: sorted(map(repr, conn.execute(f"select * from [{t}]"))) for t in TABLES}
    finally:
        conn.close()


def copies_of_seeds(folder, n):
    """``n`` articles from the seeds, each in its own file (a distinct article), for batches to commit."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        shutil.copy(seeds[i % len(seeds)], folder / f"{i:03d}.txt")
    return folder


# Item 5: identity is where an article came from; a change replaces that article's quotes only.

def test_editing_one_word_replaces_that_articles_quotes_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text('date 2024-03-01 "We will fight on all 90 seats," Congress MP Anil Mehra said.')
    (folder / "other.txt").write_text('date 2024-03-02 "Taxes will fall," BJP leader Ravi Nath said.')
    db_path = tmp_path / "q.db"
    assert run("ingest", folder, "--db", db_path).exit_code == 0
    db = sqlite_utils.Database(db_path)
    other = list(db.query("select * from quotes where text like 'Taxes%'"))
    story.write_text('date 2024-03-01 "We will fight on all 80 seats," Congress MP Anil Mehra said.')
    result = run("ingest", folder, "--db", db_path)
    assert "2 articles read: 0 new, 1 changed, 1 unchanged (skipped); 1 quotes stored" in result.stderr
    assert db["articles"].count == 2
    assert [r["text"] for r in db.query("select text from quotes where speaker_name = 'Anil Mehra'")] == \
        ["We will fight on all 80 seats"]
    assert list(db.query("select * from quotes where text like 'Taxes%'")) == other
    assert db.execute("select count(*) from statements where n_quotes > 0").fetchone()[0] == 2


def test_a_wire_copy_from_two_outlets_is_two_articles_linked_by_dedupe(tmp_path):
    text = '"The alliance is final," AAP leader Raghav Chadha said on Friday.'
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"text": text, "source": "IANS", "date": "2024-09-07"}) + "\n"
        + json.dumps({"text": text, "source": "PTI", "date": "2024-09-05"}) + "\n")
    db_path = tmp_path / "q.db"
    result = run("ingest", tmp_path / "wire.jsonl", "--db", db_path)
    assert "2 articles read: 2 new" in result.stderr and "2 quotes stored" in result.stderr
    db = sqlite_utils.Database(db_path)
    assert sorted((r["source"], r["date"]) for r in db["articles"].rows) == [("IANS", "2024-09-07"), ("PTI", "2024-09-05")]
    [statement] = list(db.query("select * from statements"))
    assert (statement["n_quotes"], statement["n_sources"], statement["first_seen"]) == (2, 2, "2024-09-05")


def test_summary_counts_only_what_it_stored(tmp_path):
    folder = copies_of_seeds(tmp_path / "in", 2)
    (folder / "bad.txt").write_bytes(b"\x00\x01")
    db_path = tmp_path / "q.db"
    first = run("ingest", folder, "--db", db_path)
    assert "2 articles read: 2 new, 0 changed, 0 unchanged (skipped)" in first.stderr
    assert "1 inputs unreadable" in first.stderr
    again = run("ingest", folder, folder / "000.txt", "--db", db_path)
    assert "3 articles read: 0 new, 0 changed, 2 unchanged (skipped); 1 repeated in the input (skipped); 0 quotes stored" in again.stderr


# Item 6: nothing is redone; the search index does not grow.

def test_reingest_skips_before_any_nlp_and_the_index_stays_the_same(tmp_path, monkeypatch):
    db_path = tmp_path / "q.db"
    assert run("ingest", SEEDS, "--db", db_path).exit_code == 0
    before = contents(db_path)
    fts = "select (select count(*) from quotes_fts_data), (select count(*) from statements_fts_data)"
    fts_before = sqlite3.connect(db_path).execute(fts).fetchone()

    import quoteattr.dedupe
    import quoteattr.extract

    def no_nlp(*args, **kwargs):
        raise AssertionError("an unchanged article reached the NLP")
    monkeypatch.setattr(quoteattr.extract, "extract", no_nlp)
    monkeypatch.setattr(quoteattr.dedupe, "group", no_nlp)
    for _ in range(3):
        result = run("ingest", SEEDS, "--db", db_path)
        assert result.exit_code == 0 and "5 unchanged (skipped)" in result.stderr
    assert contents(db_path) == before
    assert sqlite3.connect(db_path).execute(fts).fetchone() == fts_before


def test_a_new_extractor_version_reprocesses(tmp_path, monkeypatch):
    db_path = tmp_path / "q.db"
    run("ingest", SEEDS, "--db", db_path)
    assert run("ingest", SEEDS, "--db", db_path, "--reprocess").stderr.count("5 changed") == 1
    import quoteattr.fingerprint
    monkeypatch.setattr(quoteattr.fingerprint, "EXTRACTION_FILES", ("quotes.py",))
    result = run("ingest", SEEDS, "--db", db_path)
    assert "0 new, 5 changed" in result.stderr
    versions = {r[0] for r in sqlite3.connect(db_path).execute("select extractor from articles")}
    assert len(versions) == 1 and versions.pop().startswith("0.1.0+")


def test_new_articles_are_compared_only_with_the_rest(tmp_path, monkeypatch):
    """Dedupe and conflicts look at pairs with a new statement, never at two stored ones."""
    folder = copies_of_seeds(tmp_path / "in", 5)
    db_path = tmp_path / "q.db"
    run("ingest", folder, "--db", db_path)
    stored = {r[0] for r in sqlite3.connect(db_path).execute("select id from statements")}
    import quoteattr.conflicts

    real, pairs = quoteattr.conflicts.Scorer.score, []

    def spy(self, a, b, *args):
        pairs.append((a.id, b.id))
        return real(self, a, b, *args)
    monkeypatch.setattr(quoteattr.conflicts.Scorer, "score", spy)
    (folder / "new.txt").write_text('date 2024-09-09 "We will not contest all 90 seats alone," AAP leader Sushil Gupta said.')
    result = run("ingest", folder, "--db", db_path)
    assert "1 new, 0 changed, 5 unchanged" in result.stderr
    assert pairs and all(not (a in stored and b in stored) for a, b in pairs)
    conflicts = run("conflicts", "--db", db_path)  # the command rescores everything
    assert conflicts.exit_code == 0 and any(a in stored and b in stored for a, b in pairs)


# Items 6, 7, 8: kill -9, resume, same content; a partly built database serves.

def test_kill_9_then_resume_gives_the_same_database_and_a_partial_one_serves(tmp_path):
    folder = copies_of_seeds(tmp_path / "in", 16)
    whole = tmp_path / "whole.db"
    assert run("ingest", folder, "--db", whole, "--batch-size", "2").exit_code == 0

    killed = tmp_path / "quoteattr.db"
    proc = subprocess.Popen([sys.executable, "-m", "quoteattr.cli", "ingest", str(folder), "--db", str(killed), "--batch-size", "2"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and proc.poll() is None:
        try:
            conn = sqlite3.connect(f"file:{killed}?mode=ro", uri=True)
            stored = conn.execute("select count(*) from articles").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            stored = 0
        if stored >= 4:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 4 <= stored < 16, "the ingest was not killed half way"

    conn = sqlite3.connect(killed)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"  # item 8
    assert conn.execute("select count(*) from articles").fetchone()[0] % 2 == 0  # whole batches only
    assert conn.execute("select count(*) from quotes where statement_id is null").fetchone()[0] > 0
    conn.close()
    ds = Datasette(files=[str(killed)], metadata=metadata_dict("quoteattr"), plugins_dir=str(ROOT / "datasette_plugins"))
    for path in ("/-/conflicts", "/quoteattr/conflict_suggestions", "/quoteattr/misattributions", "/-/search?q=seats"):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == 200, path  # item 7: was a 500 (no such table)
    assert asyncio.run(ds.client.get("/-/statement/st-nothing")).status_code == 404

    result = run("ingest", folder, "--db", killed, "--batch-size", "2")
    assert f"{stored} unchanged (skipped)" in result.stderr  # finished batches are not redone
    assert contents(killed) == contents(whole)


def test_wal_mode(tmp_path):
    run("ingest", SEEDS / "000_36819d0cddfcc216.txt", "--db", tmp_path / "q.db")
    assert sqlite3.connect(tmp_path / "q.db").execute("pragma journal_mode").fetchone()[0] == "wal"


# Reviews are never lost.

def test_a_changed_article_keeps_the_reviews_about_its_statements(tmp_path):
    folder = copies_of_seeds(tmp_path / "in", 5)
    db_path = tmp_path / "q.db"
    run("ingest", folder, "--db", db_path)
    db = sqlite_utils.Database(db_path)
    from quoteattr.conflicts import record_review
    conflict = next(db.query("select * from conflicts where kind != 'misattribution' order by score desc limit 1"))
    record_review(db, conflict["id"], "conflicting", "checked", "alice")
    article = next(db.query("""select a.origin from articles a join quotes q on q.article_id = a.id
                               where q.statement_id = ? limit 1""", [conflict["statement_a"]]))["origin"]
    path = folder / os.path.basename(article)
    path.write_text(path.read_text().replace('"', "'"))  # its quotes are gone
    result = run("ingest", folder, "--db", db_path)
    assert "1 changed" in result.stderr
    db = sqlite_utils.Database(db_path)
    [kept] = list(db.query("select * from conflict_suggestions where id = ?", [conflict["id"]]))
    assert kept["verdict"] == "conflicting" and kept["statement_a_text"]
    assert db["conflict_reviews"].count == 1
    assert db.execute("pragma foreign_key_check").fetchall() == []


# Item 2: an article over 1,000,000 characters.

def test_an_article_over_a_million_characters_is_parsed_in_pieces(tmp_path):
    paragraph = '"' + " ".join(["the committee will decide soon"] * 60) + '," Jane Roe said.'
    body = "\n\n".join([paragraph] * (1_050_000 // len(paragraph)))
    ending = '\n\n"We will win the vote on Friday," Congress MP Anil Mehra told reporters.'
    (tmp_path / "long.txt").write_text("date 2024-01-02 " + body + ending)
    (tmp_path / "short.txt").write_text('date 2024-01-03 "Taxes will fall," BJP leader Ravi Nath said.')
    db_path = tmp_path / "q.db"
    result = run("ingest", tmp_path / "long.txt", tmp_path / "short.txt", "--db", db_path)
    assert result.exit_code == 0 and "2 new" in result.stderr and "error" not in result.stderr
    db = sqlite_utils.Database(db_path)
    text = db.execute("select text from articles where length(text) > 1000000").fetchone()[0]
    last = next(db.query("select * from quotes where speaker_name = 'Anil Mehra'"))
    assert text[last["start"]:last["end"]] == last["text"] == "We will win the vote on Friday"  # offsets into the whole article
    assert db.execute("select count(*) from quotes where speaker_name = 'Ravi Nath'").fetchone()[0] == 1


def test_pieces_never_cut_a_quote_and_keep_offsets():
    from quoteattr.extract import pieces
    from quoteattr.quotes import find_quotes

    text = '"One," A said.\n\n"Two\n\n"still two," B said.\n\n"Three," C said.'
    quotes = find_quotes(text)
    found = pieces(text, quotes, 20)
    assert [len(p.quotes) for p in found] == [1, 1, 1]
    shifted = [(p.start + q.start, p.start + q.end, tuple((p.start + a, p.start + b) for a, b in q.segments))
               for p in found for q in p.quotes]
    assert shifted == [(q.start, q.end, q.segments) for q in quotes]
