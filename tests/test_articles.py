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
