"""Names in one article: find them, tell people from organisations and places, and group the
mentions of one person (``Donald J. Trump``, ``Trump``, ``Mr. Trump``, ``Donald``) into an entity
with one canonical name.

Works on the masked parse (quoted words are placeholders), so names inside quotes never count.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..parties import KnowledgeBase
from .entities import EntityClusters
from .name_kinds import NameKinds
from .name_parts import Entity, Mention, compatible_names, norm_word  # noqa: F401 (the package's names)
from .name_runs import NameRuns


class ArticleNames(NameRuns, NameKinds, EntityClusters):
    """The names of one article's ``Doc`` and the entities they refer to."""

    def __init__(self, doc: Doc, masked: list[tuple[int, int]], kb: KnowledgeBase, date: str | None):
        self.doc, self.kb, self.date = doc, kb, date
        self.text = doc.text  # Doc.text joins every token each time it is read
        self._masked = masked
        # Sentences once: a token's .sent walks the document each time it is asked for.
        self._masked_tokens = [False] * len(doc)
        for start, end in masked:
            span = doc.char_span(start, min(end, len(self.text)), alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self._masked_tokens[i] = doc[i].idx >= start
        self.sentences = list(doc.sents)
        self._headlines: dict[int, bool] = {}
        self._sentence_of = [0] * len(doc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self._sentence_of[i] = n
        # Words the tagger takes for a person somewhere in the article: "Waters" tagged a noun at
        # the head of "Waters tweeted" is still the David Waters named before.
        self._person_words = {t.text for ent in doc.ents if ent.label_ == "PERSON" for t in ent
                              if t.is_alpha and t.text[:1].isupper()}
        self.country = self._country()
        self.parties = kb.party_index(self.country)
        self._party_chars: set[int] = set()
        for mention in self.parties.mentions(self.text):
            self._party_chars.update(range(mention.start, mention.end))
        self.mentions = self._find_mentions()
        self._by_token = {tok.i: m for m in self.mentions for tok in m.span}
        self._classify()
        self.entities: list[Entity] = []
        self._cluster()

    def _country(self) -> str | None:
        """The country the article is about: the one most of its unmistakable party names
        (full names, initials) and known politicians belong to; None when nothing tells."""
        votes: dict[str, int] = {}
        index = self.kb.party_index()
        for pm in index.mentions(self.text):
            if pm.party.country and index.is_clear_sign(pm.text):
                votes[pm.party.country] = votes.get(pm.party.country, 0) + 1
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1:
                known = self.kb.known_person(ent.text, self.date)
                if known is not None and known.country:
                    votes[known.country] = votes.get(known.country, 0) + 1
        return max(votes, key=votes.get) if votes else None


    # -- lookups ----------------------------------------------------------------------------
    def sentence_index(self, token: Token) -> int:
        return self._sentence_of[token.i]

    def sentence(self, token: Token) -> Span:
        return self.sentences[self._sentence_of[token.i]]

    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def person_in(self, tokens) -> Mention | None:
        """The first person named among ``tokens``."""
        for token in tokens:
            m = self._by_token.get(token.i)
            if m is not None and m.entity is not None:
                return m
        return None
