"""The demo in a real browser: Debian's chromium driven by Playwright."""
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make test installs it)"),
]
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Demo:
    url: str
    sign_in: str  # the one-time sign-in URL that --root prints


# A wire story whose URL is a script and whose quotes are spreadsheet formulas.
HOSTILE = [
    {"id": "evil", "text": '"=HYPERLINK(1) is not ours," Green Party co-leader Ada Quill said. '
                           '" -2+3 is no sum of ours," Quill added.',
     "date": "2024-05-05", "title": "Quill on plans", "source": "@SUM(A1)", "url": "javascript:alert(document.domain)"},
    {"id": "good", "text": '"Fine words," Green Party co-leader Ada Quill said.', "date": "2024-05-06",
     "title": "Quill, fine", "url": "https://example.org/fine"},
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "quoteattr.db"
    hostile = tmp_path_factory.mktemp("hostile") / "wire.jsonl"
    hostile.write_text("".join(json.dumps(row) + "\n" for row in HOSTILE))
    subprocess.run([sys.executable, "-m", "quoteattr.cli", "ingest", str(SEEDS), str(hostile), "--db", str(db)], check=True, cwd=ROOT)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quoteattr.cli", "serve", "--db", str(db), "--port", str(port), "--root"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sign_in = proc.stdout.readline().strip()  # --root prints a one-time sign-in URL first
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("quoteattr serve did not start")
    yield Demo(f"http://127.0.0.1:{port}", sign_in)
    proc.terminate()
    proc.wait(10)
    try:  # issue 10 item 9: terminating serve used to leave its Datasette child on the port
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        pytest.fail(f"a server is still listening on port {port} after serve was terminated")
    except OSError:
        pass


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
        yield context.new_page()
        browser.close()


def download_lines(page, link: str, path: Path) -> list[str]:
    """Click a download link; the lines of the file the browser saved."""
    with page.expect_download() as info:
        page.click(link)
    info.value.save_as(path)
    return path.read_text(encoding="utf-8").splitlines(keepends=False)


def test_search_context_speaker_and_csv(page, server, tmp_path):
    page.goto(server.url + "/-/search")
    page.fill("input[name=q]", '"high command"')
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".qa-result")
    assert "2 quotes matching" in page.inner_text(".qa-count")
    marks = page.locator(".qa-result mark")
    assert marks.count() == 3 and marks.first.inner_text().lower() == "high command"
    assert page.locator(".qa-result .qa-speaker").first.inner_text() == "Sushil Gupta"
    if os.environ.get("QUOTEATTR_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / "search.png"), full_page=True)

    page.locator(".qa-quote-link").first.click()
    page.wait_for_url("**/-/quote/**")
    assert "Today we have a road show" in page.inner_text(".qa-quote")
    assert "Aam Aadmi Party" in page.inner_text("dl")

    page.click("a.qa-context")
    page.wait_for_url("**/-/article/**")
    highlighted = page.locator("mark#quote")
    assert highlighted.is_visible()
    assert highlighted.inner_text().startswith("Today we have a road show")
    assert "2024-09-04" in page.inner_text(".qa-meta")

    page.go_back()
    page.click(".qa-meta a.qa-speaker")
    page.wait_for_url("**/-/speaker/sushil-gupta")
    assert page.inner_text("h1") == "Sushil Gupta"
    assert "Aam Aadmi Party" in page.inner_text(".qa-party")
    assert page.locator(".qa-timeline li").count() == 2

    lines = download_lines(page, "text=CSV of all their quotes", tmp_path / "speaker.csv")
    assert lines[0].startswith("id,date,speaker,party,quote")
    assert len(lines) == 3 and all("Sushil Gupta" in line for line in lines[1:])


def test_speaker_page_of_raghav_chadha(page, server):
    page.goto(server.url + "/-/speaker/raghav-chadha")
    assert page.inner_text("h1") == "Raghav Chadha"
    assert "Aam Aadmi Party" in page.inner_text(".qa-party")
    quotes = page.locator(".qa-timeline li, .qa-undated li")
    assert quotes.count() == 6
    text = page.inner_text("body")
    for words in ("positive direction", "win-win situation", "Ball-by-ball commentary", "For the interest of Haryana"):
        assert words in text


def test_reviewer_confirms_the_aap_conflict_and_downloads_it(page, server, tmp_path):
    page.goto(server.url + "/-/conflicts")
    assert "Sign in to review" in page.inner_text("body")
    assert page.locator("form.qa-review-form").count() == 0

    assert "/-/auth-token?token=" in server.sign_in
    page.goto(server.sign_in)
    page.goto(server.url + "/-/conflicts")
    assert "Signed in as root" in page.inner_text("body")
    pair = page.locator(".qa-conflict", has_text="exploring this coalition").filter(has_text="all 90 seats")
    assert pair.count() == 1
    assert pair.locator(".qa-kind").inner_text() == "party"
    assert "opposed stances" in pair.locator(".qa-reason").inner_text()
    assert pair.locator("mark").count() >= 2  # the triggering words, highlighted
    pair.locator("input[name=note]").fill("solo contest vs coalition talks")
    assert pair.locator(".qa-side-A .qa-side-label").inner_text() == "A" and "first seen" in pair.inner_text()
    pair.locator("button[value=conflicting]").click()
    page.wait_for_load_state()
    pair = page.locator(".qa-conflict", has_text="exploring this coalition").filter(has_text="all 90 seats")
    assert pair.locator(".qa-verdict").inner_text() == "conflicting"
    assert "conflicting by root" in pair.locator(".qa-reviews").inner_text()
    assert "solo contest vs coalition talks" in pair.locator(".qa-reviews").inner_text()
    page.select_option("select[name=review]", "conflicting")
    page.click("form.qa-filters button[type=submit]")
    page.wait_for_url("**review=conflicting**")
    assert page.locator(".qa-conflict").count() == 1 and "exploring this coalition" in page.inner_text(".qa-conflict")
    if os.environ.get("QUOTEATTR_SCREENSHOTS"):
        pair.scroll_into_view_if_needed()
        pair.screenshot(path=str(ROOT / "docs" / "conflict.png"))

    lines = download_lines(page, "text=confirmed conflicts (CSV)", tmp_path / "confirmed.csv")
    assert lines[0].startswith("id,kind,score,reason")
    assert len(lines) == 2 and ",party," in lines[1] and "coalition" in lines[1]


def test_a_script_url_is_never_a_link(page, server):
    """Issue 10 item 3: `url: javascript:...` became the article page's "original" link."""
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + "/-/speaker/ada-quill")
    page.click("text=HYPERLINK(1) is not ours")
    page.click("a.qa-context")
    page.wait_for_url("**/-/article/**")
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("a.qa-original").count() == 0
    assert "javascript:alert(document.domain)" in page.inner_text(".qa-meta")  # shown, not linked
    page.click(".qa-meta >> text=javascript:alert(document.domain)")
    assert alerts == [] and "/-/article/" in page.url
    page.goto(server.url + "/-/speaker/ada-quill")
    page.click("text=Fine words")
    page.click("a.qa-context")
    assert page.locator("a.qa-original").get_attribute("href") == "https://example.org/fine"


def test_csv_downloads_neutralise_formulas(page, server, tmp_path):
    """Issue 10 item 4: Datasette's own CSV links downloaded formula cells raw."""
    page.goto(server.url + "/-/speaker/ada-quill")
    rows = list(csv.DictReader(download_lines(page, "text=CSV of all their quotes", tmp_path / "quill.csv")))
    assert {r["quote"] for r in rows} == {"'=HYPERLINK(1) is not ours", "'-2+3 is no sum of ours", "Fine words"}
    assert {r["source"] for r in rows if r["quote"].startswith("'=")} == {"'@SUM(A1)"}
    page.goto(server.url + "/-/search?q=Quill")
    rows = list(csv.DictReader(download_lines(page, "a.qa-csv", tmp_path / "search.csv")))
    assert {r["quote"] for r in rows} == {"'=HYPERLINK(1) is not ours", "'-2+3 is no sum of ours", "Fine words"}


def sign_in(page, server) -> None:
    """Sign in as root with the one-time URL, unless an earlier test already did."""
    page.goto(server.url + "/-/actor.json")
    if '"root"' not in page.inner_text("body"):
        page.goto(server.sign_in)


def test_reviewer_merges_splits_and_sets_a_party_from_the_speaker_page(page, server):
    sign_in(page, server)
    page.goto(server.url + "/-/speaker/hemant-soren")
    page.locator("form.qa-merge-form input[name=into]").fill("sanjay-singh")
    page.locator("form.qa-merge-form button").click()
    page.wait_for_url("**/-/speaker/sanjay-singh")
    assert page.inner_text("h1") == "Sanjay Singh"
    assert "Hemant Soren" in page.inner_text(".qa-aliases")
    assert page.locator(".qa-timeline li, .qa-undated li").count() == 2

    page.locator("form.qa-split-form select[name=alias]").select_option("Hemant Soren")
    page.locator("form.qa-split-form button").click()
    page.wait_for_url("**/-/speaker/hemant-soren")
    assert page.inner_text("h1") == "Hemant Soren"
    assert "Jharkhand Mukti Morcha" in page.inner_text(".qa-party-terms")

    form = page.locator("form.qa-party-form")
    form.locator("select[name=party]").select_option(label="Indian National Congress")
    form.locator("input[name=valid_from]").fill("2023-01-01")
    form.locator("input[name=note]").fill("checked by phone")
    form.locator("button").click()
    page.wait_for_url("**/-/speaker/hemant-soren")
    terms = page.inner_text(".qa-party-terms")
    assert "Indian National Congress" in terms and "set by root" in terms and "checked by phone" in terms
    page.goto(server.url + "/-/speaker/sanjay-singh")
    assert "Hemant Soren" not in page.inner_text("body")
