"""Attribute each quote to a speaker, with a party, the cue, its evidence and a confidence.

Works on a spaCy ``Doc`` of the article with quote interiors masked
(:func:`quoteattr.quotes.mask_quotes`), so offsets are the article's own. One module per step:
``mentions`` (names and the people they refer to), ``sources`` (the words that name a quote's
source), ``resolve`` (those words to a speaker), ``pronouns`` (salience), ``party_evidence``
(a person's party and role from the words about them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..parties import KnowledgeBase
from ..quotes import Quote
from ..lexicon import PRONOUN_GENDER, STRONG_CUES
from .confidence import confidence, features
from .mentions import ArticleNames
from .pronouns import Salience, best_of
from .resolve import NOBODY, Resolver, Speaker
from .sources import Source, find_sources, in_quote_paragraph, preceding_report

__all__ = ["Attribution", "attribute_quotes"]

# How much each way of finding the source is worth, times how sure the speaker resolution is.
_METHOD_WEIGHT = {"label": 0.95, "cue": 1.0, "cue-sentence": 0.9, "colon": 0.92, "next-sentence": 0.9,
                  "credit": 0.9, "naming": 0.85, "verb": 0.7}
_SENTENCE_END_RE = re.compile(r"[.?!\u2026][\"'\u201d\u2019]*\s")
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019-]+")
_STRONG_FORMS = STRONG_CUES | {"said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked",
                               "tweeted", "posted", "noted", "explained", "insisted", "argued", "replied"}
_TERM_WORDS = 2  # unattributed quotes this short are scare quotes or labels, not anybody's speech


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_kind: str | None  # person, organisation, publication, anonymous
    role: str | None
    party: str | None
    party_evidence: str | None
    cue: str | None
    evidence: str  # the sentence the speaker was found in
    confidence: float
    method: str  # name, surname, pronoun, role, publication, organisation, continuation, ...
    kind: str = "speech"  # the quote's kind once attribution is done
    person_id: str | None = None  # the knowledge base's id of the speaker, when it knows them
    name_forms: tuple[str, ...] = ()  # every form of the speaker's name in this article
    features: dict | None = field(default=None, repr=False, compare=False)  # what confidence read


def _unattributed(quote: Quote, kind: str | None = None) -> Attribution:
    return Attribution(None, None, None, None, None, None, "", 0.0, "none", kind or quote.kind)


class _Attributor:
    def __init__(self, doc: Doc, quotes: list[Quote], kb: KnowledgeBase, text: str, date: str | None):
        self.doc, self.text = doc, text
        masked = [(s, e) for q in quotes if q.masked for s, e in q.segments]
        self.names = ArticleNames(doc, masked, kb, date)
        self.salience = Salience(self.names)
        self.resolver = Resolver(self.names, self.salience)
        self.previous: tuple[Quote, Speaker, Source | None] | None = None

    def attribute(self, quote: Quote) -> Attribution:
        if not quote.attributable or quote.start >= len(self.names.text):
            return _unattributed(quote)
        source, speaker = None, NOBODY
        for candidate in find_sources(self.doc, quote, self.text, self.names):
            found = self._speaker(candidate, quote)
            if found.name or found.kind:
                source, speaker = candidate, found
                break
            source = source or candidate
        method, weight = (source.method if source else "none"), _METHOD_WEIGHT.get(source.method if source else "", 0)
        if speaker.name is None and speaker.kind != "anonymous" and quote.kind == "speech" \
                and (self._stands_alone(quote) or self._opens_sentence_after_previous(quote)):
            report = preceding_report(self.doc, quote, self.text, self.names)
            reported = self._speaker(report, quote) if report is not None else NOBODY
            previous_end = self.previous[0].close_mark if self.previous else -1
            if reported.name and report.evidence.start_char > previous_end:
                source, speaker, method, weight = report, reported, "continuation", 0.85
            else:
                continued = self._continuation(quote)
                if continued is not None:
                    speaker, method, weight = continued, "continuation", 1.0
        kind = quote.kind
        if speaker.name is None and speaker.kind is None and quote.n_words <= _TERM_WORDS:
            kind = "term"
        if speaker.name and speaker.kind == "person" and speaker.entity is not None and source is not None \
                and source.evidence is not None and speaker.entity.id >= 0:
            self.salience.add_speaker(quote.open_mark, self.salience.sentence_of(source.evidence[0]), speaker.entity)
        if quote.kind == "speech" or (kind == "fragment" and quote.masked and speaker.name):
            # 'now said Trump had "the opportunity and the obligation to bring us together."' and
            # a quote paragraph next: a long fragment's speaker goes on speaking
            self.previous = (quote, speaker, source)
        evidence = source.evidence if source is not None and source.evidence is not None else None
        entity = speaker.entity if speaker.entity is not None and speaker.entity.id >= 0 else None
        found = None
        if speaker.name or speaker.kind:
            found = features(
                "preceding" if source is not None and source.method == "preceding" else method, speaker.how,
                speaker.certainty * weight * (0.95 if kind == "fragment" else 1.0), speaker.margin,
                fragment=kind == "fragment", full_name=len((speaker.name or "").split()) > 1,
                known=speaker.entity is not None and speaker.entity.known is not None,
                strong_cue=(source.cue or "").lower() in _STRONG_FORMS if source else False,
                others_in_sentence=self._others(evidence, speaker))
        return Attribution(
            speaker=speaker.name, speaker_kind=speaker.kind, role=speaker.role, party=speaker.party,
            party_evidence=speaker.party_evidence, cue=source.cue if source else None,
            evidence=self.text[evidence.start_char:evidence.end_char].strip() if evidence is not None else "",
            confidence=confidence(found) if found else 0.0,
            method=(speaker.how if method not in ("continuation",) else "continuation") if speaker.name or speaker.kind else "none",
            kind=kind,
            person_id=entity.known.id if entity is not None and entity.known is not None else None,
            name_forms=tuple(sorted({m.name for m in entity.mentions})) if entity is not None else (),
            features=found,
        )

    def _others(self, sentence, speaker: Speaker) -> int:
        """People other than the speaker named in the source's sentence: competitors."""
        if sentence is None:
            return 0
        return len({m.entity.id for m in self.names.mentions
                    if m.entity is not None and m.entity is not speaker.entity
                    and sentence.start_char <= m.start < sentence.end_char})

    def _speaker(self, source: Source, quote: Quote) -> Speaker:
        if source.label is not None:
            return self.resolver.label(source.label, quote.open_mark)
        speaker = self.resolver.resolve(source.token, quote.open_mark)
        if speaker.how == "pronoun" and speaker.entity is not None:
            return self._not_named_inside(quote, source.token, speaker)
        return speaker

    def _not_named_inside(self, quote: Quote, token, speaker: Speaker) -> Speaker:
        """``"Stalin is asking PMK ... I ask of Stalin," he said``: people rarely name themselves
        in the third person, so ``he`` is the next most salient person not named in the quote."""
        named = set(_CAPITALISED.findall(self.text[quote.start:quote.end]))
        if speaker.entity.surname not in named:
            return speaker
        found = best_of(self.salience.scores(token.idx, self.salience.sentence_of(token),
                                             PRONOUN_GENDER.get(token.lower_),
                                             fits=lambda entity: entity.surname not in named))
        return self.resolver.pronoun(found) if found.entity is not None else speaker

    def _continuation(self, quote: Quote) -> Speaker | None:
        """A quote with no source of its own continues the previous quote's speaker when it
        follows in the same or the next paragraph and nobody else is named in between."""
        if self.previous is None:
            return None
        prev_quote, prev_speaker, prev_source = self.previous
        if prev_speaker.name is None or prev_speaker.kind not in ("person", "organisation"):
            return None
        between = self.text[prev_quote.close_mark:quote.open_mark]
        if between.count("\n") > 0 and len([p for p in between.split("\n")[1:-1] if p.strip()]) > 0:
            return None
        skip = prev_source.evidence if prev_source is not None and prev_source.evidence is not None else None
        for m in self.names.mentions:
            if prev_quote.close_mark <= m.start < quote.open_mark and m.kind == "person":
                if skip is not None and skip.start_char <= m.start < skip.end_char:
                    continue
                if m.entity is not prev_speaker.entity:
                    return None
        same_paragraph = in_quote_paragraph(self.text, quote, prev_quote.close_mark)
        return Speaker(prev_speaker.name, prev_speaker.kind, prev_speaker.role, prev_speaker.party,
                       prev_speaker.party_evidence, "continuation", 0.75 if same_paragraph else 0.7,
                       prev_speaker.entity)

    def _opens_sentence_after_previous(self, quote: Quote) -> bool:
        """``"...," Palmieri told reporters. "I think ..." and other pocketbook issues.``: a quote
        opening a sentence with no source, in the previous quote's paragraph."""
        if self.previous is None or not in_quote_paragraph(self.text, quote, self.previous[0].close_mark):
            return False
        return not any(ch.isalnum() for ch in self._sentence_before(quote))

    def _stands_alone(self, quote: Quote) -> bool:
        """The quote is its own sentence within its paragraph (nothing but punctuation around)."""
        para_end = self.text.find("\n", quote.close_mark)
        para_end = len(self.text) if para_end < 0 else para_end
        after = self.text[quote.close_mark:para_end]
        if quote.text.rstrip()[-1:] in ".?!\u2026":  # the quote ends its sentence inside the marks
            after_sentence = ""
        else:
            after_sentence = _SENTENCE_END_RE.split(after)[0]
        return not any(ch.isalnum() for ch in self._sentence_before(quote)) \
            and not any(ch.isalnum() for ch in after_sentence)

    def _sentence_before(self, quote: Quote) -> str:
        """The words of the quote's own sentence before its opening mark, within its paragraph."""
        para_start = self.text.rfind("\n", 0, quote.open_mark) + 1
        before = self.text[para_start:quote.open_mark]
        ends = list(_SENTENCE_END_RE.finditer(before))
        return before[ends[-1].end():] if ends else before


def attribute_quotes(doc: Doc, quotes: list[Quote], kb: KnowledgeBase, text: str,
                     date: str | None = None) -> list[Attribution]:
    """One :class:`Attribution` per quote of ``text``, in order; ``doc`` is its masked parse."""
    attributor = _Attributor(doc, quotes, kb, text, date)
    return [attributor.attribute(quote) for quote in quotes]
