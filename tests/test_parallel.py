"""Extraction in worker processes and on a Dask cluster gives exactly the serial result."""
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from quoteattr.articles import read_articles
from quoteattr.cli import cli
from quoteattr.extract import extract

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def quotes_of(**options):
    articles = [a for a in read_articles([SEEDS]) if hasattr(a, "text")]
    return [(a.id, [item.to_dict() for item in quotes])
            for a, quotes in extract(articles, batch_size=1, **options)]


def table_rows(db_path: Path) -> dict[str, list]:
    con = sqlite3.connect(db_path)
    names = [r[0] for r in con.execute(
        "select name from sqlite_master where type='table' and name not like '%_fts%' "
        "and name not like 'sqlite_%' order by name")]
    rows = {name: sorted(map(repr, con.execute(f"select * from [{name}]"))) for name in names}
    con.close()
    return rows


def test_two_worker_processes_give_the_serial_quotes_in_order():
    serial = quotes_of()
    assert sum(len(q) for _, q in serial) == 18
    assert quotes_of(n_process=2) == serial


def test_ingest_on_a_dask_local_cluster_stores_what_a_serial_ingest_stores(tmp_path):
    pytest.importorskip("distributed")
    serial, on_dask = tmp_path / "serial.db", tmp_path / "dask.db"
    first = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(serial), "--batch-size", "2"])
    assert first.exit_code == 0, first.output
    second = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(on_dask), "--batch-size", "2",
                                      "--dask", "local", "--workers", "2"])
    assert second.exit_code == 0, second.output
    expected, got = table_rows(serial), table_rows(on_dask)
    assert expected["quotes"] and len(expected["quotes"]) >= 18
    assert got == expected


def test_an_unknown_dask_address_is_a_clear_error_and_stores_nothing(tmp_path):
    pytest.importorskip("distributed")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(db), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code != 0
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from quotes").fetchone()[0] == 0
