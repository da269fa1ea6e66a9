"""quoteattr pages for Datasette: search, a quote, an article in context, a speaker, a party.

Page logic lives in ``quoteattr.publish``; this module only wires hooks and templates.
Configuration (metadata.yml): ``plugins: {quoteattr-pages: {database: NAME}}``,
default the first database.
"""
from __future__ import annotations

import asyncio
import codecs
import csv
import io
import os
import sqlite3
from pathlib import Path
from urllib.parse import parse_qsl, quote as urlquote, urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils import await_me_maybe
from datasette.utils.asgi import AsgiStream, Forbidden, NotFound, Request, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup, escape

from quoteattr import csv_stream, publish
from quoteattr.articles import parse_date
from quoteattr.csvsafe import CsvFormulaGuard, neutralise
from quoteattr.conflict_queue import REVIEW_STATES, QueueQuery, queue_page
from quoteattr.conflict_store import VERDICTS
from quoteattr.conflicts import SUGGEST_THRESHOLD, flag_by_hand, record_review
from quoteattr.identity import correct

TEMPLATES = Path(__file__).parent / "templates"
PLUGIN = "quoteattr-pages"


def _database(datasette):
    name = (datasette.plugin_config(PLUGIN) or {}).get("database")
    return datasette.get_database(name) if name else datasette.get_database()


async def _render(datasette, request, template, context):
    context = {"db_name": _database(datasette).name, **context}
    return Response.html(await datasette.render_template(template, context, request=request))


def _search_from(request) -> tuple[publish.Search, str | None]:
    """The search a request asks for; a date that cannot be read is an error message, never a guess."""
    error = None
    dates = []
    for key in ("from", "to"):
        value = request.args.get(key, "").strip()
        try:
            dates.append(parse_date(value))
        except ValueError as exc:
            dates.append(None)
            error = f"{key} date: {exc}"
    order = request.args.get("sort", "relevance")
    search = publish.Search(request.args.get("q", "").strip(), dates[0], dates[1],
                            order if order in publish.SEARCH_ORDERS else "relevance")
    return search, error


def _search_query(search: publish.Search, **extra) -> str:
    params = {"q": search.query, "from": search.date_from or "", "to": search.date_to or "", "sort": search.order, **extra}
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


async def search_view(datasette, request):
    search, error = _search_from(request)
    db = _database(datasette)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    size = publish.PAGE_SIZE
    results, total = [], 0
    if search.query and not error:
        try:
            total = await db.execute_fn(lambda conn: publish.count_matches(conn, search))
            results = await db.execute_fn(lambda conn: publish.search_quotes(conn, search, size, (page - 1) * size))
        except Exception as exc:  # a query FTS cannot read is a message, never an error page
            error = str(exc)
    pages = max(1, -(-total // size))
    return await _render(datasette, request, "quoteattr_search.html", {
        "q": search.query, "date_from": search.date_from, "date_to": search.date_to, "sort": search.order,
        "results": results, "total": total, "error": error, "page": page, "pages": pages, "page_size": size,
        "first": (page - 1) * size + 1, "last": (page - 1) * size + len(results),
        "prev_query": _search_query(search, page=page - 1) if page > 1 else None,
        "next_query": _search_query(search, page=page + 1) if page < pages else None,
        "csv_query": _search_query(search),
    })


async def search_csv_view(datasette, request):
    """Every quote matching a search as CSV, streamed in chunks, formula-safe, in the search's order."""
    search, error = _search_from(request)
    if error or not search.runnable:
        return Response.text(error or "Give a search with q=words", status=400)
    db = _database(datasette)
    rowids = await db.execute_fn(lambda conn: publish.matching_ids(conn, search))

    async def stream(out):
        writer_buffer = io.StringIO()
        writer = csv.writer(writer_buffer)
        for start in range(0, max(1, len(rowids)), 500):
            chunk = rowids[start:start + 500]
            columns, rows = await db.execute_fn(lambda conn: publish.records_by_rowid(conn, chunk))
            if start == 0:
                writer.writerow(columns)
            writer.writerows([[neutralise(v) for v in row] for row in rows])
            await out.write(writer_buffer.getvalue())
            writer_buffer.seek(0)
            writer_buffer.truncate()

    name = "quotes-" + "-".join(w for w in search.query.split() if w.isalnum())[:40]
    return AsgiStream(stream, content_type="text/csv; charset=utf-8",
                      headers={"content-disposition": f'attachment; filename="{name or "search"}.csv"'})


async def quote_view(datasette, request):
    quote_id = request.url_vars["quote_id"]
    record = await _database(datasette).execute_fn(lambda conn: publish.quote_record(conn, quote_id))
    if record is None:
        raise NotFound(f"No quote {quote_id}")
    return await _render(datasette, request, "quoteattr_quote.html", {"quote": record, "actor": request.actor})


async def article_view(datasette, request):
    article_id = request.url_vars["article_id"]
    quote_id = request.args.get("quote")
    page = publish.page_number(request.args.get("page"))
    db = _database(datasette)
    article, paragraphs = await db.execute_fn(lambda conn: publish.article_paragraphs(conn, article_id, quote_id))
    if article is None:
        raise NotFound(f"No article {article_id}")
    quotes, paging = await db.execute_fn(lambda conn: publish.article_quotes(conn, article_id, page))
    base = f"/-/article/{urlquote(article_id, safe='')}?" + (f"{urlencode({'quote': quote_id})}&" if quote_id else "")
    return await _render(datasette, request, "quoteattr_article.html", {
        "article": article, "paragraphs": paragraphs, "quote_id": quote_id,
        "quotes": quotes, "paging": paging, "page_base": base})


def _page_view(url_var: str, load, template: str, what: str, paged: bool = False):
    """A page of one thing (a speaker, a party, a statement) loaded by ``load(conn, id)``.

    A ``paged`` page's list comes ``?page=N`` at a time: ``load(conn, id, page)``.
    """
    async def view(datasette, request):
        key = request.url_vars[url_var]
        if paged:
            number = publish.page_number(request.args.get("page"))
            page = await _database(datasette).execute_fn(lambda conn: load(conn, key, number))
        else:
            page = await _database(datasette).execute_fn(lambda conn: load(conn, key))
        if page is None:
            raise NotFound(f"No {what} {key}")
        if paged:
            page["page_base"] = f"{request.path}?"
        return await _render(datasette, request, template, page)
    return view


def _page_number(request) -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


async def speaker_view(datasette, request):
    speaker_id = request.url_vars["speaker_id"]
    page = _page_number(request)
    loaded = await _database(datasette).execute_fn(lambda conn: publish.speaker_page(conn, speaker_id, page))
    if loaded is None:
        raise NotFound(f"No speaker {speaker_id}")
    return await _render(datasette, request, "quoteattr_speaker.html",
                         {**loaded, "actor": request.actor})


party_view = _page_view("party_id", publish.party_page, "quoteattr_party.html", "party", paged=True)
statement_view = _page_view("statement_id", publish.statement_page, "quoteattr_statement.html", "statement",
                            paged=True)


def _min_score(datasette) -> float:
    return float((datasette.plugin_config(PLUGIN) or {}).get("suggest_threshold", SUGGEST_THRESHOLD))


async def conflicts_view(datasette, request):
    query = QueueQuery.from_args(request.args)
    page = await _database(datasette).execute_fn(lambda conn: queue_page(conn, query, _min_score(datasette)))
    return await _render(datasette, request, "quoteattr_conflicts.html", {
        "queue": page, "conflicts": page.conflicts, "min_score": _min_score(datasette), "actor": request.actor,
        "verdicts": VERDICTS, "review_states": REVIEW_STATES, "back": urlencode(page.query.args())})


def _reviewer_write(write):
    """A POST endpoint that writes as the signed-in actor, then returns to the conflict.

    Datasette checks the CSRF token of every POST before this runs; an anonymous
    actor is refused here, and nothing is written.
    """
    async def view(datasette, request):
        if request.method != "POST":
            return Response.redirect("/-/conflicts")
        if not (request.actor and request.actor.get("id")):
            return Response.html("<p>Sign in to review conflicts: nothing was changed.</p>", status=403)
        form = await request.post_vars()
        actor_id = str(request.actor["id"])
        try:
            conflict_id = await _database(datasette).execute_write_fn(
                lambda conn: write(sqlite_utils.Database(conn), form, actor_id), block=True
            )
        except (ValueError, KeyError) as exc:
            return Response.html(f"<p>Nothing was changed: {escape(str(exc))}</p>", status=400)
        back = QueueQuery.from_args(dict(parse_qsl(form.get("back", "")))).url()  # only the queue's own filters
        return Response.redirect(f"{back}#{urlquote(conflict_id, safe='')}")
    return view


def _review(db, form, actor_id) -> str:
    record_review(db, form.get("conflict_id", ""), form.get("verdict", ""), form.get("note", "").strip(), actor_id)
    return form.get("conflict_id", "")


def _flag(db, form, actor_id) -> str:
    return flag_by_hand(db, form.get("quote_a", ""), form.get("quote_b", "").strip(), actor_id, form.get("note", "").strip())


async def speaker_correct_view(datasette, request):
    """A reviewer's identity correction from the speaker page: merge, split, set or end a party
    term. Datasette checks the CSRF token first; anonymous actors are refused, nothing written."""
    speaker_id = request.url_vars["speaker_id"]
    back = f"/-/speaker/{urlquote(speaker_id, safe='')}"
    if request.method != "POST":
        return Response.redirect(back)
    if not (request.actor and request.actor.get("id")):
        return Response.html("<p>Sign in to correct speakers: nothing was changed.</p>", status=403)
    form = await request.post_vars()
    actor_id = str(request.actor["id"])
    try:
        target = await _database(datasette).execute_write_fn(
            lambda conn: correct(sqlite_utils.Database(conn), form.get("action", ""), speaker_id, actor_id, form),
            block=True)
    except (ValueError, KeyError) as exc:
        return Response.html(f"<p>Nothing was changed: {escape(str(exc))}</p>", status=400)
    return Response.redirect(f"/-/speaker/{urlquote(target or speaker_id, safe='')}")


review_view = _reviewer_write(_review)  # confirm, reject or note a conflict
flag_view = _reviewer_write(_flag)  # flag two quotes as conflicting by hand


@hookimpl
def register_routes():
    return [
        (r"^/-/conflicts$", conflicts_view),
        (r"^/-/conflicts/review$", review_view),
        (r"^/-/conflicts/flag$", flag_view),
        (r"^/-/statement/(?P<statement_id>[^/]+)$", statement_view),
        (r"^/-/search$", search_view),
        (r"^/-/search\.csv$", search_csv_view),
        (r"^/-/quote/(?P<quote_id>[^/]+)$", quote_view),
        (r"^/-/article/(?P<article_id>[^/]+)$", article_view),
        (r"^/-/speaker/(?P<speaker_id>[^/]+)$", speaker_view),
        (r"^/-/speaker/(?P<speaker_id>[^/]+)/correct$", speaker_correct_view),
        (r"^/-/party/(?P<party_id>[^/]+)$", party_view),
    ]


@hookimpl
def prepare_jinja2_environment(env):
    env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


_LINKS = {
    "speaker_id": "/-/speaker/{}",
    "party_id": "/-/party/{}",
    "article_id": "/-/article/{}",
    "statement_id": "/-/statement/{}",
}


def _raw(value):
    return value.get("value") if isinstance(value, dict) else value


@hookimpl
def render_cell(value, column, table, row):
    """Speaker, party and quote cells link to their quoteattr pages."""
    if value is None or table not in ("quotes", "quote_records", "undated_quotes", "speaker_timeline", "speakers", "parties", "statements", "misattributions"):
        return None
    label = value.get("label") if isinstance(value, dict) else None
    raw = _raw(value)
    keys = row.keys()
    if column in _LINKS:
        href = _LINKS[column].format(urlquote(str(raw), safe=""))
    elif column in ("speaker", "speaker_name") and "speaker_id" in keys and _raw(row["speaker_id"]):
        href = _LINKS["speaker_id"].format(urlquote(str(_raw(row["speaker_id"])), safe=""))
    elif column == "party" and "party_id" in keys and _raw(row["party_id"]):
        href = _LINKS["party_id"].format(urlquote(str(_raw(row["party_id"])), safe=""))
    elif column == "id" and table in ("quotes", "quote_records", "undated_quotes"):
        href = "/-/quote/{}".format(urlquote(str(raw), safe=""))
    elif column == "id" and table in ("speakers", "parties", "statements"):
        page = {"speakers": "speaker", "parties": "party", "statements": "statement"}[table]
        href = "/-/{}/{}".format(page, urlquote(str(raw), safe=""))
    else:
        return None
    return Markup('<a href="{}">{}</a>').format(href, label if label is not None else raw)


@hookimpl
def menu_links(datasette):
    return [{"href": "/-/search", "label": "Search quotes"}, {"href": "/-/conflicts", "label": "Review conflicts"}]


LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def allowed_hosts(datasette) -> frozenset[str]:
    """127.0.0.1 and localhost, plus names from $QUOTEATTR_ALLOWED_HOSTS or the plugin's ``allowed_hosts``."""
    configured = (datasette.plugin_config(PLUGIN) or {}).get("allowed_hosts") or []
    if isinstance(configured, str):
        configured = configured.split()
    names = [*os.environ.get("QUOTEATTR_ALLOWED_HOSTS", "").split(), *configured]
    return LOCAL_HOSTS | {n.strip().lower() for n in names if n.strip()}


def host_name(scope) -> str | None:
    for key, value in scope.get("headers") or []:
        if key == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[1:host.find("]")] if "]" in host else host
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


def _is_csv_request(scope) -> bool:
    query = scope.get("query_string", b"")
    return scope.get("path", "").endswith(".csv") or b"_format=csv" in query


def _guard_csv(send):
    """A ``send`` that neutralises formula cells in a CSV response as it streams."""
    guard, decoder, active = CsvFormulaGuard(), codecs.getincrementaldecoder("utf-8")(), False

    async def guarded(message):
        nonlocal active
        if message["type"] == "http.response.start":
            headers = message.get("headers") or []
            kind = next((v.decode("latin-1").lower() for k, v in headers if k.lower() == b"content-type"), "")
            active = kind.startswith(("text/csv", "text/plain"))
            if active:
                message = dict(message, headers=[(k, v) for k, v in headers if k.lower() != b"content-length"])
        elif message["type"] == "http.response.body" and active:
            final = not message.get("more_body", False)
            text = guard.feed(decoder.decode(message.get("body", b""), final=final), final=final)
            message = dict(message, body=text.encode("utf-8"))
        await send(message)
    return guarded


@hookimpl
def asgi_wrapper(datasette):
    """Every request: a Host allowlist (DNS rebinding), table search that never fails on
    punctuation, and CSV responses whose formula cells are neutralised."""
    def wrap(app):
        async def guarded_app(scope, receive, send):
            if scope.get("type") != "http":
                await app(scope, receive, send)
                return
            host = host_name(scope)
            if host is not None and host not in allowed_hosts(datasette):
                await Response.text(f"Host {host!r} is not served here (allowed: 127.0.0.1, localhost and the names "
                                    "in QUOTEATTR_ALLOWED_HOSTS)", status=400).asgi_send(send)
                return
            query_string = scope.get("query_string", b"")
            if b"_search" in query_string:
                scope = dict(scope, query_string=publish.clean_search_params(query_string.decode("latin-1")).encode("latin-1"))
            if _is_csv_request(scope) and await _stream_csv(datasette, scope, receive, send):
                return
            if _is_csv_request(scope):
                send = _guard_csv(send)
            await app(scope, receive, send)
        return guarded_app
    return wrap


async def _stream_csv(datasette, scope, receive, send) -> bool:
    """Serve a full ``_stream=on`` CSV of a table or view in one pass (quoteattr.csv_stream);
    False leaves the request to Datasette (anything else, or a reader without permission)."""
    wanted = csv_stream.parse_request(scope.get("path", ""), scope.get("query_string", b"").decode("latin-1"))
    if wanted is None or wanted.database not in datasette.databases or not datasette.setting("allow_csv_stream"):
        return False
    database = datasette.databases[wanted.database]
    if not database.path:
        return False
    request = Request(scope, receive)
    actor = None
    for candidate in pm.hook.actor_from_request(datasette=datasette, request=request):
        actor = await await_me_maybe(candidate) or actor
    try:
        await datasette.ensure_permissions(actor, [("view-table", (wanted.database, wanted.table)),
                                                   ("view-database", wanted.database), "view-instance"])
    except Forbidden:
        return False
    uri = Path(database.path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        query = csv_stream.stream_query(conn, wanted)
        if query is None:
            return False
        chunks = csv_stream.csv_chunks(conn, *query)
        headers = [(b"content-type", b"text/csv; charset=utf-8" if wanted.download else b"text/plain; charset=utf-8")]
        if wanted.download:
            headers.append((b"content-disposition", f'attachment; filename="{wanted.table}.csv"'.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        loop = asyncio.get_running_loop()
        while (chunk := await loop.run_in_executor(None, next, chunks, None)) is not None:
            await send({"type": "http.response.body", "body": chunk.encode("utf-8"), "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return True
    finally:
        conn.close()
