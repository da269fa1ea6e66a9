import json

from quoteattr.articles import Article, ReadError, read_articles


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_inline_date_header_like_the_seeds(tmp_path):
    write(tmp_path / "a.txt", " date 2024-09-04 AICC in-charge said things.\n\nMore.")
    [article] = read_articles([tmp_path / "a.txt"])
    assert article.date == "2024-09-04"
    assert article.text.startswith("AICC in-charge")


def test_key_value_headers(tmp_path):
    write(tmp_path / "a.txt", "title: Big news\nurl: https://example.org/x\ndate: 2023-01-02\n\nBody text.")
    [article] = read_articles([tmp_path / "a.txt"])
    assert (article.title, article.url, article.date, article.text) == ("Big news", "https://example.org/x", "2023-01-02", "Body text.")


def test_no_date_stays_none(tmp_path):
    write(tmp_path / "a.txt", "Body without a date.")
    [article] = read_articles([tmp_path / "a.txt"])
    assert article.date is None


def test_jsonl_and_csv(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"text": "One.", "date": "2022-02-02", "title": "T"}) + "\n{oops\n")
    write(tmp_path / "b.csv", 'text,date,source\n"Two, with comma.",2021-01-01,Example Times\n')
    results = list(read_articles([tmp_path]))
    good = [r for r in results if isinstance(r, Article)]
    bad = [r for r in results if isinstance(r, ReadError)]
    assert [(a.text, a.date) for a in good] == [("One.", "2022-02-02"), ("Two, with comma.", "2021-01-01")]
    assert good[1].source == "Example Times"
    assert len(bad) == 1 and bad[0].source.endswith("a.jsonl:2") and "invalid JSON" in bad[0].problem


def test_bad_files_are_named_and_skipped(tmp_path):
    write(tmp_path / "good.txt", "Fine text.")
    write(tmp_path / "sub" / "x.txt" if (tmp_path / "sub").mkdir() is None else None, "Nested text.")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "latin1.txt", "caf\xe9".encode("latin-1"))
    write(tmp_path / "bin.txt", b"\x00\x01\x02")
    results = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    problems = {r.source.split("/")[-1]: r.problem for r in results if isinstance(r, ReadError)}
    assert problems["empty.txt"] == "empty file"
    assert "not UTF-8" in problems["latin1.txt"]
    assert "binary" in problems["bin.txt"]
    assert problems["missing.txt"] == "no such file or folder"
    assert sorted(a.text for a in results if isinstance(a, Article)) == ["Fine text.", "Nested text."]


def test_identity_is_where_the_article_came_from(tmp_path):
    """Issue 10 item 5: the same text from two places is two articles; the content hash is kept."""
    write(tmp_path / "a.txt", "Same text.")
    write(tmp_path / "b.txt", "Same text.")
    a, b = read_articles([tmp_path])
    assert a.id != b.id and len(a.id) == 16
    assert a.content_hash == b.content_hash and a.origin == str((tmp_path / "a.txt").resolve())
    write(tmp_path / "c.txt", "url: https://Example.org/story#top\n\nOther text.")
    write(tmp_path / "d.txt", "url: https://example.org/story\n\nOther text, edited.")
    c, d = read_articles([tmp_path / "c.txt", tmp_path / "d.txt"])
    assert c.id == d.id and c.content_hash != d.content_hash  # one web page, two versions


# Issue 10 item 11: the smaller reading problems.

def test_utf16_with_a_bom_is_text(tmp_path):
    write(tmp_path / "le.txt", "\ufeffdate 2024-01-02 \u201cWe won,\u201d she said.".encode("utf-16-le"))
    write(tmp_path / "be.txt", "date 2024-01-02 Caf\u00e9 talk.".encode("utf-16"))
    le, be = read_articles([tmp_path / "le.txt", tmp_path / "be.txt"])
    assert le.text == "\u201cWe won,\u201d she said." and le.date == "2024-01-02"
    assert be.text == "Caf\u00e9 talk."


def test_an_invalid_date_keeps_the_article_without_a_date(tmp_path):
    write(tmp_path / "a.txt", "date 2024-13-45 Body text.")
    write(tmp_path / "b.txt", "date: 2999-01-01\n\nFrom the future.")
    a, b = read_articles([tmp_path])
    assert isinstance(a, Article) and a.date is None and "unreadable date '2024-13-45'" in a.warnings[0]
    assert isinstance(b, Article) and b.date is None and "in the future" in b.warnings[0]


def test_markup_in_text_input_becomes_plain_text(tmp_path):
    write(tmp_path / "a.txt", 'title: <b>Big</b> news\n\n<p>"We will win," said <b>Ada Quill</b> &amp; friends.</p>'
                               '<script>alert(1)</script><p>Second <i>paragraph</i>.</p>')
    write(tmp_path / "b.jsonl", json.dumps({"text": "<div>One <a href='x'>link</a></div>"}) + "\n")
    a, b = read_articles([tmp_path])
    assert a.text == '"We will win," said Ada Quill & friends.\nSecond paragraph.' and a.title == "Big news"
    assert b.text == "One link"
    write(tmp_path / "c.txt", "Plain text where 3 < 4 and x > y stays as it is &amp; all.")
    [c] = read_articles([tmp_path / "c.txt"])
    assert c.text == "Plain text where 3 < 4 and x > y stays as it is &amp; all."


PAGE = ('<html><head><title>Congress goes alone | Example Times</title><meta property="og:site_name" content="Example Times">'
        '<link rel="canonical" href="https://example.org/news/1"><meta property="article:published_time" content="2024-03-05">'
        '</head><body><nav>Home | World</nav><article><h1>Congress goes alone</h1>'
        '<p>&quot;We will fight on all 90 seats,&quot; Congress MP <b>Anil Mehra</b> said on Sunday.</p>'
        + "".join(f'<p>Paragraph {i}: the committee met on Tuesday and discussed the seat sharing plan at length.</p>' for i in range(4))
        + '</article><footer>Copyright</footer></body></html>')


def test_saved_web_pages_are_read_in_folders_and_by_name(tmp_path):
    (tmp_path / "site").mkdir()
    write(tmp_path / "site" / "page.html", PAGE)
    write(tmp_path / "named.htm", PAGE.replace("news/1", "news/2"))
    from_folder, named = read_articles([tmp_path / "site", tmp_path / "named.htm"])
    for article in (from_folder, named):
        assert '"We will fight on all 90 seats," Congress MP Anil Mehra said on Sunday.' in article.text
        assert "<b>" not in article.text and "Copyright" not in article.text and "Home | World" not in article.text
        assert (article.source, article.date, article.date_source) == ("Example Times", "2024-03-05", "html")
    assert from_folder.url == "https://example.org/news/1" and from_folder.id != named.id


def test_an_html_field_and_a_header_date_that_wins(tmp_path):
    write(tmp_path / "a.jsonl", json.dumps({"html": PAGE, "date": "2024-03-09", "source": "Wire"}) + "\n")
    [article] = read_articles([tmp_path / "a.jsonl"])
    assert (article.date, article.date_source, article.source) == ("2024-03-09", "field", "Wire")
    assert "Anil Mehra said" in article.text


def test_stdin_is_read(monkeypatch):
    import io
    from quoteattr.articles import read_stdin

    [text] = read_stdin(io.BytesIO(b"date 2024-01-02 Hello there."))
    assert (text.text, text.date, text.source, text.origin) == ("Hello there.", "2024-01-02", "<stdin>", None)
    rows = list(read_stdin(io.BytesIO(b'{"text": "One."}\n{"text": "Two."}\n')))
    assert [r.text for r in rows] == ["One.", "Two."]
