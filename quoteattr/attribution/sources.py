"""Where the article names the source of a quote: the words that stand for the speaker.

Tried in order, each a way reporters attribute speech:

1. a transcript label inside the marks (``"MR. HALE: ..."``);
2. the cue verb that governs the quote in the parse (``"...," Babaria said``), climbing through
   ``but said`` and ``adding that``, with ``said X`` inversions and ``according to X``;
3. another cue verb in the quote's sentence and paragraph;
4. a colon introduction (``The senator wrote on Facebook:``, ``Priya Nair, Mathrubhumi:``);
5. a cue in a short next sentence (``"...." He said.``);
6. a credit line after the quote (``"..." -- Sachin Rao, Congress``);
7. the subject of the verb the quote hangs from (``Cruz coached Trump to "breathe"``).

Cues never come from another paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..lexicon import (ANONYMOUS_NOUNS, NAMING_VERBS, ROLE_NOUNS, STATEMENT_NOUNS, STRONG_CUES, TITLE_WORDS,
                       cue_lemmas)
from ..quotes import Quote
from .mentions import ArticleNames, norm_word

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CLIMB_DEPS = {"conj", "advcl", "xcomp", "ccomp", "pcomp", "prep", "acl", "relcl", "dep", "parataxis"}
_ADDRESSEE_VERBS = {"tell", "ask", "urge", "warn", "assure", "inform", "remind", "brief", "thank", "call",
                    "accuse", "advise", "promise", "caution", "describe", "label", "dub", "brand"}
_CREDIT_RE = re.compile(r"^[\s.]*(?:--|[\u2014\u2013-])\s*\S")


@dataclass(frozen=True)
class Source:
    token: Token | None  # the word standing for the speaker: a name, a pronoun, a role noun
    cue: str | None  # the words that attribute the quote: said, according to, a colon ...
    method: str  # cue, cue-sentence, colon, next-sentence, credit, verb, label
    evidence: Span | None  # the sentence the source was found in
    label: str | None = None


def is_cue(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma == "put":  # "as the minister put it"
        return any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children)
    return lemma in cue_lemmas()


def in_quote_paragraph(text: str, quote: Quote, pos: int) -> bool:
    """True when no paragraph break lies between ``pos`` and the quote."""
    lo, hi = sorted((pos, quote.open_mark if pos < quote.open_mark else quote.close_mark))
    return "\n" not in text[lo:hi]


def anchor_token(doc: Doc, quote: Quote, names: ArticleNames) -> Token | None:
    """The token that stands for the quote in the parse: its placeholder, or for words left
    unmasked (fragments) the word their phrase hangs from."""
    start, end = quote.segments[0]
    span = doc.char_span(start, min(end, len(names.text)), alignment_mode="expand")
    if span is None or not len(span):
        return None
    if quote.masked:
        return span[0]
    for token in span:
        if not (span.start <= token.head.i < span.end) or token.head is token:
            return token
    return span[0]


def _subject(verb: Token, names: ArticleNames) -> Token | None:
    """The verb's subject; of two (``"...," said X`` parsed with both the quote's neighbour and X
    as subjects), a name or a pronoun."""
    found = []
    for child in verb.children:
        if child.dep_ not in _SUBJECT_DEPS or child.pos_ == "PUNCT":
            continue
        if not names.is_masked(child):
            found.append(child)
            continue
        # '"...," the senator said' sometimes parses the speaker as an apposition or a
        # conjunct of the quote.
        for appos in child.children:
            if appos.dep_ in ("appos", "conj") and not names.is_masked(appos) and appos.pos_ in ("PROPN", "NOUN", "PRON"):
                found.append(appos)
    if len(found) > 1:
        found.sort(key=lambda t: (names.mention_at(t) is None, t.pos_ not in ("PROPN", "PRON"), -t.i))
    return found[0] if found else None


def cue_subject(cue: Token, names: ArticleNames) -> Token | None:
    """The subject of ``cue``, climbing to the verb it hangs from ("but said", "adding")."""
    verb = cue
    for _ in range(4):
        subject = _subject(verb, names)
        if subject is not None:
            return subject
        if verb.dep_ not in _CLIMB_DEPS or verb.head is verb:
            break
        verb = verb.head
    # "said X": the speaker placed right after a verb of saying and parsed as its object (never
    # the addressee of "told the delegates").
    if cue.lemma_.lower() not in _ADDRESSEE_VERBS:
        for child in cue.rights:
            if child.dep_ in ("dobj", "attr", "npadvmod", "appos") and not names.is_masked(child) \
                    and (child.pos_ == "PROPN" or names.mention_at(child) is not None
                         or child.lemma_.lower() in ROLE_NOUNS or child.lemma_.lower() in ANONYMOUS_NOUNS):
                return child
    # "the quote was read by X", "posted by X"
    for child in cue.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return _named_just_before(cue, names)


def _named_just_before(cue: Token, names: ArticleNames) -> Token | None:
    """``on Dec. 2, Col. Steven H. Warren, a military spokesman in Baghdad, said``, parsed with
    no subject: the person whose phrase (name and apposition) ends at the comma before the cue."""
    k = cue.i - 1
    if k < 1 or cue.doc[k].text != ",":
        return None
    token = cue.doc[k - 1]
    for _ in range(6):
        mention = names.mention_at(token)
        if mention is not None and mention.kind == "person":
            return token
        if token.head is token or token.head.i >= cue.i or names.sentence(token.head) != names.sentence(cue):
            return None
        token = token.head
    return None


_QUOTE_CLOSERS = "\"'\u201d\u2019"
_TRAILING_CUES = STRONG_CUES | {"say", "tell", "add", "write"}


def _trailing_cue(doc: Doc, quote: Quote, text: str, names: ArticleNames) -> tuple[Token, Token] | None:
    """``"...," said X`` and ``"...?" X said``: a quote that ends on a comma (or a question or an
    exclamation mark) and is followed at once by a verb of saying (or a speaker and then one) is
    that speaker's, however the parser hung the quote on the rest of the sentence."""
    if not text[quote.start:quote.close_mark].rstrip(_QUOTE_CLOSERS + " ").endswith((",", "?", "!")):
        return None
    after = doc.char_span(quote.close_mark, min(len(names.text), quote.close_mark + 120),
                          alignment_mode="expand")
    if after is None:
        return None
    words = [t for t in after if not (t.is_punct or t.is_space)][:6]
    if words and "\n" in text[quote.close_mark:words[0].idx]:
        return None  # the next paragraph is another matter
    named = next((names.mention_at(t) for t in words[:3] if names.mention_at(t) is not None), None)
    if named is not None and named.kind == "person" \
            and all(norm_word(t.text) in TITLE_WORDS | ROLE_NOUNS for t in words if t.i < named.span.start):
        # '"...," Mr. Daniloff, now 81 and retired in Cambridge, said': the name, an apposition
        # (which may have verbs of its own), then the cue
        sent = names.sentence(words[0])
        for token in names.doc[named.span.end:sent.end]:
            if token.text in _QUOTE_CLOSERS + "\u201c" or "\n" in token.text:
                break
            other = names.mention_at(token)
            if other is not None and other.kind == "person" and other.entity is not named.entity:
                break
            if is_cue(token) and token.lemma_.lower() in _TRAILING_CUES:
                return token, named.span[-1]
    for k, token in enumerate(words):
        if token.pos_ in ("VERB", "AUX"):
            if not is_cue(token) or token.lemma_.lower() not in _TRAILING_CUES:
                return None
            subject = cue_subject(token, names)
            if subject is None or names.is_masked(subject):
                return None
            # "said X" or "X said" right there: nothing but the speaker's words in between
            if k == 0 or all(w.i <= subject.i or w.head.i == subject.i or w.dep_ in ("compound", "det", "amod")
                             for w in words[:k]):
                return token, subject
            return None
        if "\n" in token.text:
            return None
    return None


def _statement_owner(anchor: Token, sent: Span, names: ArticleNames) -> tuple[Token, Token] | None:
    """``Stalin's statement that "..."``, ``in Trump's words, "..."``: the owner of the words."""
    for ancestor in anchor.ancestors:
        if names.sentence(ancestor) != sent or ancestor.pos_ in ("VERB", "AUX"):
            break
        if ancestor.lemma_.lower() in STATEMENT_NOUNS and ancestor.pos_ == "NOUN" and ancestor.i < anchor.i:
            if ancestor.dep_ in ("dobj", "nsubj") and is_cue(ancestor.head):
                return None  # "Ryan said Obama's words "amount to ...": Ryan's words about them
            return _owned(ancestor)
    return None


def _owned(noun: Token) -> tuple[Token, Token] | None:
    """A statement noun and its possessor: ``Stalin's statement``."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "PRON", "NOUN"):
            return noun, child
    return None


def _statement_before(doc: Doc, quote: Quote, names: ArticleNames) -> tuple[Token, Token] | None:
    """The words right before the quote are ``Stalin's statement that the``, however the parser
    hung the quote."""
    inside = names.text[quote.open_mark:quote.close_mark]
    if sum(inside.count(mark) for mark in '"\u201c\u201d') > 2:
        return None  # '"A," X said, "B."': the statement may be A's only
    before = doc.char_span(max(0, quote.open_mark - 60), quote.open_mark, alignment_mode="contract")
    if before is None:
        return None
    tokens = [t for t in before if not t.is_space]
    while tokens and (tokens[-1].lower_ in ("the", "a", "an", "that", ":", ",") or tokens[-1].is_quote):
        tokens.pop()
    if not tokens:
        return None
    noun = tokens[-1]
    if noun.lemma_.lower() not in STATEMENT_NOUNS or noun.pos_ != "NOUN":
        return None
    return _owned(noun)


def according_to(sent: Span) -> Token | None:
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            for child in token.nbor().children:
                if child.dep_ == "pobj":
                    return child
    return None


def _governing_cue(anchor: Token, sent: Span, text: str, quote: Quote, names: ArticleNames) -> Token | None:
    for ancestor in anchor.ancestors:
        if names.sentence(ancestor) != sent:
            break
        if is_cue(ancestor) and in_quote_paragraph(text, quote, ancestor.idx):
            return ancestor
    return None


def _sentence_cues(anchor: Token, sent: Span, text: str, quote: Quote,
                   names: ArticleNames) -> Iterator[tuple[Token, Token]]:
    """The other cues of the sentence that have a subject: strong reporting verbs first, then the
    nearest."""
    cues = [t for t in sent if is_cue(t) and in_quote_paragraph(text, quote, t.idx)]
    ranked = sorted(cues, key=lambda t: (t.lemma_.lower() not in STRONG_CUES, abs(t.i - anchor.i)))
    for cue in ranked:
        subject = cue_subject(cue, names)
        if subject is not None:
            yield cue, subject


def _colon_source(doc: Doc, quote: Quote, text: str, names: ArticleNames) -> tuple[Token, Span] | None:
    """``X said on Facebook: "..."`` or ``Priya Nair, Mathrubhumi: "..."`` (also when the quote
    opens the next paragraph)."""
    para_start = text.rfind("\n", 0, quote.open_mark) + 1
    before = text[para_start:quote.open_mark].rstrip()
    colon = None
    if before.endswith(":"):
        colon = para_start + len(before) - 1
    elif not before.strip():
        previous = text[:para_start].rstrip()
        if previous.endswith(":") and "\n" in text[len(previous):para_start + 1]:
            colon = len(previous) - 1
    if colon is None:
        return None
    span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = names.sentence(span[0])
    start = sent.start
    para_start_char = text.rfind("\n", 0, colon) + 1
    while start < span[0].i and doc[start].idx < para_start_char:
        start += 1
    clause = doc[start:span[0].i]
    verb = span[0].head if span[0].head.pos_ in ("VERB", "AUX") else clause.root
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        subject = cue_subject(verb, names)
        if subject is not None:
            return subject, sent
    person = names.person_in(clause)
    if person is not None and not any(t.pos_ in ("VERB", "AUX") for t in clause):
        return person.head, sent
    return None


def _credit_line(doc: Doc, quote: Quote, text: str, names: ArticleNames) -> tuple[Token, Span] | None:
    """``"..." -- Sachin Rao, Congress`` after the quote, or on the line that follows it."""
    rest = text[quote.close_mark:quote.close_mark + 200]
    line_end = rest.find("\n")
    same_line = rest[:line_end] if line_end >= 0 else rest
    start = None
    if _CREDIT_RE.match(same_line):
        start = quote.close_mark
    elif not same_line.strip(" .,") and line_end >= 0:
        next_line = rest[line_end:].lstrip("\n")
        if _CREDIT_RE.match(next_line):
            start = quote.close_mark + len(rest) - len(rest[line_end:].lstrip("\n"))
    if start is None:
        return None
    end = text.find("\n", start + 1)
    span = doc.char_span(start, min(end if end >= 0 else len(names.text), len(names.text)), alignment_mode="contract")
    if span is None:
        return None
    for token in span:
        m = names.mention_at(token)
        if m is not None and m.kind in ("person", "organisation", "party"):
            return m.head, span
    return None


def _next_sentence_cue(sent: Span, text: str, quote: Quote, names: ArticleNames) -> tuple[Token, Token, Span] | None:
    if sent.end >= len(sent.doc):
        return None
    nxt = names.sentence(sent.doc[sent.end])
    if not in_quote_paragraph(text, quote, nxt.start_char):
        return None
    for token in nxt:
        # A short sentence ("He said."), or one whose cue points back ("X said this").
        points_back = any(c.dep_ == "dobj" and c.lower_ in ("this", "that", "so", "these", "it") for c in token.children)
        if is_cue(token) and (len(nxt) <= 14 or points_back):
            subject = cue_subject(token, names)
            if subject is not None:
                return token, subject, nxt
    return None


def _verb_subject(anchor: Token, sent: Span, text: str, quote: Quote,
                  names: ArticleNames) -> tuple[Token, Token] | None:
    """The subject of the nearest verb above the quote: ``Cruz coached Trump to "breathe"``."""
    for ancestor in [anchor, *anchor.ancestors]:
        if names.sentence(ancestor) != sent or not in_quote_paragraph(text, quote, ancestor.idx):
            break
        if ancestor.pos_ in ("VERB", "AUX"):
            subject = _subject(ancestor, names)
            if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN"):
                return ancestor, subject
    return None


def find_sources(doc: Doc, quote: Quote, text: str, names: ArticleNames) -> Iterator[Source]:
    """The places that may name the quote's source, best first; the caller takes the first that
    resolves to somebody (a cue whose subject is "who" or "it" gives way to the next)."""
    if quote.label:
        yield Source(None, ":", "label", None, label=quote.label)
        return
    anchor = anchor_token(doc, quote, names)
    if anchor is None:
        return
    sent = names.sentence(anchor)
    trailing = _trailing_cue(doc, quote, text, names)
    if trailing is not None:
        yield Source(trailing[1], trailing[0].text, "cue", sent)
    # before any verb: "X's statement that ..."
    owner = _statement_owner(anchor, sent, names) or _statement_before(doc, quote, names)
    if owner is not None:
        yield Source(owner[1], owner[0].text, "cue", sent)
    cue = _governing_cue(anchor, sent, text, quote, names)
    if cue is not None:
        subject = cue_subject(cue, names)
        if subject is not None:
            yield Source(subject, cue.text, "cue", sent)
    source = according_to(sent)
    if source is not None:
        yield Source(source, "according to", "cue", sent)
    for cue, subject in _sentence_cues(anchor, sent, text, quote, names):
        yield Source(subject, cue.text, "cue-sentence", sent)
    colon = _colon_source(doc, quote, text, names)
    if colon is not None:
        yield Source(colon[0], ":", "colon", colon[1])
    if quote.kind == "speech":
        nxt = _next_sentence_cue(sent, text, quote, names)
        if nxt is not None:
            yield Source(nxt[1], nxt[0].text, "next-sentence", nxt[2])
        credit = _credit_line(doc, quote, text, names)
        if credit is not None:
            yield Source(credit[0], "--", "credit", credit[1])
    verb = _verb_subject(anchor, sent, text, quote, names)
    if verb is not None:
        method = "naming" if verb[0].lemma_.lower() in NAMING_VERBS else "verb"
        yield Source(verb[1], verb[0].text, method, sent)


def preceding_report(doc: Doc, quote: Quote, text: str, names: ArticleNames) -> Source | None:
    """``Sarma said that ... .`` right before a quote that has no cue of its own: the quote is
    that reported speech's words (the sentence just before, in this or the previous paragraph)."""
    anchor = anchor_token(doc, quote, names)
    if anchor is None or names.sentence(anchor).start == 0:
        return None
    before = names.sentence(doc[names.sentence(anchor).start - 1])
    while before.start > 0 and not before.text.strip():
        before = names.sentence(doc[before.start - 1])
    gap = text[before.end_char:quote.open_mark]
    if gap.count("\n\n") + (gap.count("\n") if "\n\n" not in gap else 0) > 1:
        return None
    cues = sorted((t for t in before if is_cue(t)), key=lambda t: (t.lemma_.lower() not in STRONG_CUES, t.i))
    for cue in cues:
        subject = cue_subject(cue, names)
        if subject is not None and not names.is_masked(subject):
            return Source(subject, cue.text, "preceding", before)
    return None
