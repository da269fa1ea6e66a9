"""Issue 10 items 1, 9 and 11 (sessions): the real `quoteattr serve` and `make demo`, as processes."""
import http.client
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from quoteattr.cli import cli


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("server did not start")


def port_closed(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except OSError:
        return True


def get(port: int, path: str, headers=None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read().decode("utf-8", "replace")
    conn.close()
    return response


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "newsroom.db"  # not quoteattr.db: its metadata is generated
    assert CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(path)]).exit_code == 0
    return path


def serve(db: Path, port: int, *extra, env=None):
    return subprocess.Popen([sys.executable, "-m", "quoteattr.cli", "serve", "--db", str(db), "--port", str(port), *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env or {k: v for k, v in os.environ.items() if k != "DATASETTE_SECRET"})


def quoteattr_temp_dirs() -> set[str]:
    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith("quoteattr-")}


def test_sigterm_stops_datasette_itself_and_leaves_no_temp_folder(seeded):
    """Item 9: SIGTERM used to stop only the wrapper and leave Datasette on the port."""
    before = quoteattr_temp_dirs()
    port = free_port()
    proc = serve(seeded, port)
    try:
        wait_for_port(port, proc)
        assert "datasette" in Path(f"/proc/{proc.pid}/cmdline").read_text()  # the process is Datasette
        assert get(port, "/-/conflicts").status == 200
        assert get(port, "/newsroom/quote_records.json").status == 200  # metadata found under its own name
        assert get(port, "/", {"Host": "evil.example"}).status == 400  # DNS rebinding
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    assert port_closed(port)
    assert quoteattr_temp_dirs() <= before


def test_a_reviewer_stays_signed_in_across_restarts(seeded):
    """Item 11: the signing secret is kept (FILE.secret, or $DATASETTE_SECRET), so a restart keeps sessions."""
    port = free_port()
    proc = serve(seeded, port, "--root")
    try:
        sign_in = proc.stdout.readline().strip()
        wait_for_port(port, proc)
        response = get(port, sign_in.split(f":{port}", 1)[1])
        cookie = next(v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("ds_actor="))
        actor = cookie.split(";")[0]
        assert '"id": "root"' in get(port, "/-/actor.json", {"Cookie": actor}).body
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    secret = Path(f"{seeded}.secret")
    assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"
    proc = serve(seeded, port)
    try:
        wait_for_port(port, proc)
        assert '"id": "root"' in get(port, "/-/actor.json", {"Cookie": actor}).body
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    env = {**os.environ, "DATASETTE_SECRET": "another-secret"}
    proc = serve(seeded, port, env=env)
    try:
        wait_for_port(port, proc)
        assert '"actor": null' in get(port, "/-/actor.json", {"Cookie": actor}).body  # $DATASETTE_SECRET wins
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_keeps_the_database_and_its_reviews(seeded, tmp_path):
    """Item 1: `make demo` used to `rm -f` the database, and every review with it."""
    db = tmp_path / "quoteattr.db"
    with sqlite3.connect(seeded) as source, sqlite3.connect(db) as copy:
        source.backup(copy)  # a WAL database is more than its main file
    conn = sqlite3.connect(db)
    conflict = conn.execute("select id from conflicts limit 1").fetchone()[0]
    conn.execute("insert into conflict_reviews (conflict_id, verdict, actor_id, reviewed_at) values (?, 'confirmed', 'alice', 'now')",
                 [conflict])
    conn.commit()
    conn.close()
    port = free_port()
    log = (tmp_path / "make.log").open("w")
    proc = subprocess.Popen(["make", "-s", "demo", f"DB={db}", f"PORT={port}"], cwd=ROOT, start_new_session=True,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, proc, 120)
        assert "alice" in get(port, "/quoteattr/conflict_reviews.csv").body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    log.close()
    assert "5 unchanged (skipped)" in (tmp_path / "make.log").read_text()
    conn = sqlite3.connect(db)
    assert conn.execute("select actor_id from conflict_reviews").fetchall() == [("alice",)]
    assert conn.execute("select count(*) from articles").fetchone()[0] == 5
