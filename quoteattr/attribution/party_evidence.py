"""A person's party and role from the article's words *about* that person.

Only words the parse links to the name count: premodifiers in the name's own noun phrase
(``AAP MP Raghav Chadha``, ``AAP's state unit chief Mohan Lal``, ``Bharat Rashtra Samithi (BRS)
working president K. T. Rama Rao``), appositions (``Ravi Kiran, the Samajwadi Party general
secretary``), party letters (``Chuck Schumer (D-N.Y.)``, ``, R-Ohio``), ``X of the Y party`` and a
defection (``X, who joined the BJP last month``). Nearby words that are not about the person
(``for Mrs. Ortiz, Republicans say``) never give a party.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..lexicon import OFFICE_NOUNS, ROLE_NOUNS, TITLE_WORDS
from ..parties import KnowledgeBase, Party
from .mentions import ArticleNames, Entity, Mention, norm_word

_FORMER = {"former", "ex", "erstwhile", "one-time", "onetime", "then", "ex-"}
_DEFECTION_VERBS = {"join", "switch", "defect", "return", "move", "cross"}
_PARTY_LETTERS_RE = re.compile(r"^\s*,?\s*\(?\s*([DRI])-[A-Z]")


@dataclass(frozen=True)
class PartyEvidence:
    party: Party
    phrase: str
    pos: int
    joined: bool = False  # "who joined the BJP": a new party, not a description


def _in_subtree(token: Token, head: Token) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i and (token is head or head in token.ancestors)


def premodifier(names: ArticleNames, m: Mention) -> Span | None:
    """The words before the name inside its own noun phrase: ``Republican presidential
    candidate`` in ``Republican presidential candidate Donald Trump``."""
    doc, head = names.doc, m.head
    k = m.span.start - 1
    sentence = names.sentence_index(head)
    while k >= 0 and names.sentence_index(doc[k]) == sentence:
        token = doc[k]
        if token.pos_ in ("VERB", "AUX") or token.text in (",", ";", ":", "--", "\u2014"):
            break
        if not _in_subtree(token, head) and token.text not in (")", "("):
            break
        k -= 1
    start = k + 1
    while start < m.span.start and doc[start].is_punct:
        start += 1
    # "GOP presidential contender and former neurosurgeon Ben Carson", "Republican hopefuls Jeb
    # Bush and Chris Christie", "BRS working president and Telangana minister K T Rama Rao": a
    # name coordinated with a role (or, without words of its own, with a name) shares its words.
    if head.dep_ in ("conj", "appos") and head.head.i < m.span.start and head.head.pos_ in ("NOUN", "PROPN") \
            and (start == m.span.start or norm_word(head.head.text) in ROLE_NOUNS):
        start = min(start, head.head.left_edge.i)
    start = min(start, _party_before_title(names, m, start))
    # "Bharat Rashtra Samithi (BRS) working president K. T. Rama Rao": a party and its
    # abbreviation in brackets open the phrase though the parse hangs them elsewhere.
    lead = names.text[max(0, doc[start].idx - 80):doc[start].idx] if start < len(doc) else ""
    bracket = re.search(r"([A-Z][\w.&()' -]{1,60}?)\s*\(([A-Z][A-Za-z()]{1,10})\)\s*$", lead)
    if bracket and names.parties.named(bracket.group(2)):
        start = doc.char_span(doc[start].idx - len(bracket.group(0)), doc[start].idx, alignment_mode="expand").start
    return doc[start:m.span.start] if start < m.span.start else None


_TITLE_FILLERS = frozenset("working acting national state senior general deputy presidential district "
                           "city youth women's party union co vice ex and".split())


def _party_before_title(names: ArticleNames, m: Mention, start: int) -> int:
    """``TDP supremo N Chandrababu Naidu``, ``JD(S) supremo H. D. Deve Gowda``: a party right
    before the title words in front of a name describes the person, however the parse hangs it.
    Not inside a relative clause: "the Republican nominees Obama faced"."""
    doc, head = names.doc, m.head
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "relcl":
        return start
    k = m.span.start - 1
    while k >= 0 and m.span.start - k <= 7 and (
            norm_word(doc[k].text) in ROLE_NOUNS | TITLE_WORDS | _TITLE_FILLERS or doc[k].text == "-"):
        k -= 1
    if k == m.span.start - 1 or k < 0:
        return start
    window = max(0, doc[k].idx - 60)
    lead = names.text[window:doc[k].idx + len(doc[k].text)].rstrip()
    # the party may close the lead, or its abbreviation in brackets may: "... Samithi (BRS)"
    every = names.parties.mentions(lead)
    found = [pm for pm in every if pm.end >= len(lead.rstrip(")")) - 1]
    if not found:
        return start
    first = found[-1]
    before = [pm for pm in every if pm.end <= first.start and lead[pm.end:first.start].strip() == "("]
    if before:  # the full name before the bracketed abbreviation opens the phrase
        first = before[-1]
    span = doc.char_span(window + first.start, m.span.start_char, alignment_mode="expand")
    return span.start if span is not None else start


def appositions(names: ArticleNames, m: Mention) -> list[Span]:
    """``, the Samajwadi Party general secretary,`` after the name, or the role phrase the name is
    in apposition to (``the Democratic senator from Vermont, Bernie Sanders``)."""
    doc, head, phrases = names.doc, m.head, []
    for child in head.children:
        if child.dep_ == "appos" and child.i >= m.span.end and not names.is_masked(child):
            phrases.append(doc[child.left_edge.i:child.right_edge.i + 1])
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == m.span.end:
            phrases.append(doc[child.i:child.right_edge.i + 1])  # "Kiran of the Samajwadi Party"
    if head.dep_ == "appos" and head.head.i < m.span.start:
        anchor = head.head
        if norm_word(anchor.text) in ROLE_NOUNS or anchor.pos_ == "NOUN":
            phrases.append(doc[anchor.left_edge.i:m.span.start])
    elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.i < m.span.start:
        anchor = head.head.head  # "AICC in-charge of Haryana Deepak Babaria"
        word = norm_word(names.text[anchor.idx - 3:anchor.idx + len(anchor.text)].split()[-1])
        if norm_word(anchor.text) in OFFICE_NOUNS or word in OFFICE_NOUNS:
            phrases.append(doc[anchor.left_edge.i:m.span.start])
    end = m.span.end
    if end < len(doc) and doc[end].text == "(":
        close = next((k for k in range(end + 1, min(len(doc), end + 10)) if doc[k].text == ")"), None)
        if close is not None:
            phrases.append(doc[end:close + 1])
    return phrases


def _defection(names: ArticleNames, m: Mention) -> Span | None:
    for child in m.head.children:
        if child.dep_ == "relcl" and child.lemma_.lower() in _DEFECTION_VERBS:
            return names.doc[child.i:child.right_edge.i + 1]
    return None


def parties_in(names: ArticleNames, phrase: Span, exclude: Span) -> list[tuple[Party, int]]:
    """Parties named in ``phrase``, except inside ``exclude`` and those marked former."""
    found = []
    for pm in names.parties.mentions(phrase.text):
        start = phrase.start_char + pm.start
        if exclude.start_char <= start < exclude.end_char:
            continue
        before = phrase.text[:pm.start].lower().split()
        if before and (before[-1].rstrip("-") in _FORMER or before[-1].endswith("ex-")):
            continue
        if pm.text[:1].islower():
            continue
        found.append((pm.party, start))
    return found


def mention_evidence(names: ArticleNames, m: Mention) -> list[PartyEvidence]:
    """Every party the article states for this mention of a person."""
    evidence = []
    phrases = [p for p in [premodifier(names, m)] if p is not None] + appositions(names, m)
    for phrase in phrases:
        for party, pos in parties_in(names, phrase, m.span):
            # The evidence quoted is the name with the words about it, as the article has them.
            lo, hi = min(phrase.start, m.span.start), max(phrase.end, m.span.end)
            evidence.append(PartyEvidence(party, names.doc[lo:hi].text.strip(" ,"), pos))
    after = names.text[m.span.end_char:m.span.end_char + 16]
    letters = _PARTY_LETTERS_RE.match(after)
    if letters:
        party = names.parties.named(letters.group(1) + "-")
        if party is not None:
            evidence.append(PartyEvidence(party, m.name + after.split(")")[0].rstrip(), m.span.end_char))
    defection = _defection(names, m)
    if defection is not None:
        for party, pos in parties_in(names, defection, m.span):
            evidence.append(PartyEvidence(party, defection.text.strip(), pos, joined=True))
    return evidence


def entity_party(names: ArticleNames, entity: Entity) -> PartyEvidence | None:
    """The party the article gives a person: the first description, unless they joined
    another party (the last one joined wins)."""
    evidence = [e for m in entity.mentions for e in mention_evidence(names, m)]
    joined = [e for e in evidence if e.joined]
    if joined:
        return max(joined, key=lambda e: e.pos)
    return min(evidence, key=lambda e: e.pos) if evidence else None


def role_phrase(names: ArticleNames, m: Mention) -> str | None:
    """The role the article gives at this mention: ``AICC in-charge of Haryana``, ``the former
    governor of South Carolina``; None when the words around the name are not a role."""
    for phrase in [premodifier(names, m), *appositions(names, m)]:
        if phrase is None:
            continue
        tokens = [t for t in phrase if not (m.span.start <= t.i < m.span.end)]
        while tokens and (tokens[0].pos_ in ("DET", "PUNCT", "ADP") or tokens[0].text in ("'s", "\u2019s")):
            tokens = tokens[1:]
        while tokens and tokens[-1].pos_ in ("PUNCT", "ADP", "DET", "CCONJ"):
            tokens = tokens[:-1]
        words = {norm_word(t.text) for t in tokens} | {t.lemma_.lower() for t in tokens} \
            | {norm_word(w) for w in "".join(t.text_with_ws for t in tokens).split()}
        if tokens and words & (ROLE_NOUNS | TITLE_WORDS) and not names.person_in(tokens):
            text = "".join(t.text_with_ws for t in tokens).strip()
            if text.lower() not in TITLE_WORDS and len(tokens) <= 14:
                return text
    return None
