"""Articles in, attributed quotes out: the quote scan, one spaCy pass per article, attribution.

Articles are streamed in batches; an article longer than the model takes is parsed in
pieces cut at paragraph breaks outside any quote, its offsets kept relative to the whole
article. One article that cannot be parsed or attributed is reported and skipped.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .articles import Article
from .attribution import Attribution, attribute_quotes
from .fingerprint import extractor_version  # noqa: F401  (re-exported)
from .nlp import load_model
from .parties import KnowledgeBase, default_kb
from .quotes import Quote, attribution_text, find_quotes

PIECE_CHARS = 100_000  # spaCy's parser wants about 1 GB per 100,000 characters


@dataclass(frozen=True)
class AttributedQuote:
    article: Article
    quote: Quote
    attribution: Attribution

    def to_dict(self) -> dict:
        a, q = self.attribution, self.quote
        return {
            "article": Path(self.article.origin).name if self.article.origin else None,
            "source": self.article.source,
            "article_id": self.article.id,
            "title": self.article.title,
            "date": self.article.date,
            "quote": q.text,
            "start": q.start,
            "end": q.end,
            "is_fragment": q.is_fragment,
            **{k: v for k, v in asdict(a).items() if k != "features"},
        }


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class Piece:
    start: int  # offset of the piece in the article
    end: int
    quotes: tuple[Quote, ...]  # with offsets relative to the piece


def pieces(text: str, quotes: list[Quote], limit: int) -> list[Piece]:
    """The attribution text cut into pieces of at most ``limit`` characters at paragraph breaks.

    A break inside a quote (a quote running over paragraphs) is never used; a paragraph
    longer than ``limit`` stays whole, so the caller checks each piece's length.
    """
    masked_end = len(attribution_text(text, quotes))
    spans = [(q.open_mark, q.close_mark) for q in quotes]
    breaks = [m.end() for m in re.finditer("\n", text[:masked_end]) if not any(a < m.end() < b for a, b in spans)]
    cuts, start = [], 0
    while masked_end - start > limit:
        inside = [b for b in breaks if start < b <= start + limit]
        after = [b for b in breaks if b > start + limit]
        cut = inside[-1] if inside else (after[0] if after else masked_end)
        if cut >= masked_end:
            break
        cuts.append((start, cut))
        start = cut
    cuts.append((start, masked_end))
    found = []
    for s, e in cuts:
        inside_quotes = tuple(_shift(q, -s) for q in quotes if s <= q.open_mark < e)
        if inside_quotes:
            found.append(Piece(s, e, inside_quotes))
    return found


def _shift(quote: Quote, by: int) -> Quote:
    return replace(quote, start=quote.start + by, end=quote.end + by, open_mark=quote.open_mark + by,
                   close_mark=quote.close_mark + by, segments=tuple((s + by, e + by) for s, e in quote.segments))


def _attribute_long(nlp: Language, kb: KnowledgeBase, article: Article, quotes: list[Quote], limit: int) -> list[Attribution]:
    """Attribution of an article too long to parse at once, piece by piece."""
    found: list[Attribution] = []
    for piece in pieces(article.text, quotes, limit):
        text = article.text[piece.start:]
        masked = attribution_text(text, list(piece.quotes))
        if len(masked) >= nlp.max_length:
            raise ValueError(f"a paragraph of {len(masked)} characters is longer than the model takes ({nlp.max_length})")
        doc = nlp(masked)
        found += attribute_quotes(doc, list(piece.quotes), kb, text, article.date)
    return found


PARALLEL_TASK = 8  # articles sent to a worker at a time


class ExtractionFailed(Exception):
    """An article that could not be parsed or attributed (the cause named in the message)."""


BatchResult = list  # per article: a list of (Quote, Attribution), or an ExtractionFailed


def attribute_batch(batch: list[Article], nlp: Language, kb: KnowledgeBase, batch_size: int = 64,
                    piece_chars: int = PIECE_CHARS) -> BatchResult:
    """Quotes and attributions of each article of ``batch``, in order; a failure stays with its
    article and never stops the others. What a worker process (or a Dask worker) runs."""
    limit = max(1000, min(piece_chars, nlp.max_length - 1))
    found = [(article, find_quotes(article.text)) for article in batch]
    masked = {i: attribution_text(a.text, qs) for i, (a, qs) in enumerate(found) if qs}
    short = [(text, i) for i, text in masked.items() if len(text) <= limit]
    docs, results = {}, {}
    try:
        docs = {i: doc for doc, i in nlp.pipe(short, as_tuples=True, batch_size=batch_size)}
    except Exception:  # one article spaCy cannot take: parse the batch one by one to find it
        for text, i in short:
            try:
                docs[i] = nlp(text)
            except Exception as exc:
                results[i] = _failure(exc)
    out: BatchResult = []
    for i, (article, quotes) in enumerate(found):
        if i in results:
            out.append(results[i])
            continue
        if not quotes:
            out.append([])
            continue
        try:
            if len(masked[i]) > limit:
                attributions = _attribute_long(nlp, kb, article, quotes, limit)
            else:
                attributions = attribute_quotes(docs[i], quotes, kb, article.text, article.date)
        except Exception as exc:  # one odd article must not end a run over thousands
            out.append(_failure(exc))
            continue
        out.append([(replace(q, kind=a.kind), a) for q, a in zip(quotes, attributions)])
    return out


def _failure(exc: Exception) -> ExtractionFailed:
    failure = ExtractionFailed(f"{type(exc).__name__}: {exc}")
    failure.__cause__ = exc
    return failure


def model_name_of(nlp: Language | None) -> str | None:
    """The package name a worker process loads to get the same model."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}" if nlp is not None else None


def extract(
    articles: Iterable[Article],
    nlp: Language | None = None,
    kb: KnowledgeBase | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    on_error: Callable[[Article, Exception], None] | None = None,
    piece_chars: int = PIECE_CHARS,
    model_name: str | None = None,
    dask: str | None = None,
) -> Iterator[tuple[Article, list[AttributedQuote]]]:
    """For each article, in order, its attributed quotes (articles that fail are reported, not yielded).

    Articles without a quote mark never reach spaCy; the others are tagged and parsed with
    their quoted words masked, which is most of the saving. With ``n_process`` > 1, worker
    processes (each loading the model once) parse and attribute batches while this process
    reads and stores; with ``dask`` (a scheduler address, or "local") a Dask cluster does.
    Articles come back in order either way.
    """
    kb = kb or default_kb()
    if n_process > 1 or dask:
        # small tasks, so that every worker stays busy to the end of the stream
        batches = _batches(articles, min(batch_size, PARALLEL_TASK))
        from .parallel import parallel_results

        results = parallel_results(batches, model_name or model_name_of(nlp), kb, batch_size, piece_chars,
                                   n_process, dask)
    else:
        batches = _batches(articles, batch_size)
        nlp = nlp or load_model(model_name)
        results = ((batch, attribute_batch(batch, nlp, kb, batch_size, piece_chars)) for batch in batches)
    for batch, found in results:
        for article, result in zip(batch, found):
            if isinstance(result, ExtractionFailed):
                if on_error is None:
                    raise result
                on_error(article, result)
                continue
            yield article, [AttributedQuote(article, q, a) for q, a in result]
