"""Articles in, attributed quotes out: the quote scan, one spaCy pass per article, attribution."""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from spacy.language import Language

from .articles import Article
from .attribution import Attribution, attribute_quotes
from .nlp import load_model
from .parties import KnowledgeBase, default_kb
from .quotes import Quote, attribution_text, find_quotes


@dataclass(frozen=True)
class AttributedQuote:
    article: Article
    quote: Quote
    attribution: Attribution

    def to_dict(self) -> dict:
        a, q = self.attribution, self.quote
        return {
            "article": Path(self.article.path).name if self.article.path else None,
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


def extract(
    articles: Iterable[Article],
    nlp: Language | None = None,
    kb: KnowledgeBase | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[tuple[Article, list[AttributedQuote]]]:
    """For each article, in order, its attributed quotes.

    Articles without a quote mark never reach spaCy; the others are tagged and
    parsed with their quoted words masked, which is most of the saving.
    """
    nlp = nlp or load_model()
    kb = kb or default_kb()
    for batch in _batches(articles, batch_size * max(1, n_process)):
        found = [(article, find_quotes(article.text)) for article in batch]
        with_quotes = [(attribution_text(a.text, qs), (a, qs)) for a, qs in found if qs]
        docs = {}
        if with_quotes:
            piped = nlp.pipe(with_quotes, as_tuples=True, n_process=n_process, batch_size=batch_size)
            docs = {article.id + article.source: (doc, quotes) for doc, (article, quotes) in piped}
        for article, quotes in found:
            if not quotes:
                yield article, []
                continue
            doc, quotes = docs[article.id + article.source]
            try:
                attributions = attribute_quotes(doc, quotes, kb, article.text, article.date)
            except Exception as exc:  # one odd article must not end a run over thousands
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield article, [AttributedQuote(article, replace(q, kind=a.kind), a) for q, a in zip(quotes, attributions)]
