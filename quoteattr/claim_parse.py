"""A statement's claims from its own parse: predicates with their polarity and targets, and amounts.

Only statements in a candidate pair are parsed, once per run. A predicate is a verb or a
predicative adjective (``support``, ``stable``); a light verb counts with its object
(``make:mistake``, ``be:material``). Its polarity follows the negation that scopes over it: its own
``not``/``never``/``no``, a negated head whose complement it is (``not ready to support``, ``never
said we made``), a head that negates its complement (``refuse to endorse``), and the first of two
coordinated verbs (``never sent or received``). Its targets are the content words of its
arguments, so two claims line up only when they are about the same thing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .claims import stem

LIGHT_VERBS = frozenset("be have do get go make take give come put let keep seem become".split())
# Predicates too vague to carry a claim on their own, whatever their polarity.
VAGUE = frozenset("""
say tell think know want need see look believe mean try feel hear talk ask like happen understand
remember call use find guess hope wish expect wait show start continue begin
""".split())
NEGATING_HEADS = frozenset("refuse decline deny fail stop cease avoid quit".split())
NEGATORS = frozenset("not n't never no neither nor nobody nothing none nowhere cannot".split())
HYPOTHETICAL_MARKS = frozenset("if unless whether".split())
DEONTIC = frozenset("should must ought would could might may shall".split())
CLIMB_DEPS = frozenset({"xcomp", "conj", "acomp", "attr", "oprd"})
FIRST_PERSON = frozenset("i we me us".split())
SCOPE_DEPS = frozenset({"xcomp", "ccomp", "acomp", "attr", "oprd"})
ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "prep", "pobj", "agent", "npadvmod",
                      "dep", "oprd", "acomp", "compound", "poss", "amod", "nmod", "appos", "advmod"})
CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "cc", "punct", "mark", "aux", "auxpass", "neg", "parataxis"})
GENERIC_THINGS = frozenset("time year day month week percent people thing way point number lot".split())
MAX_CHARS = 3000  # a transcript's opening is enough to align on; parsing it all costs and adds noise
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5,
           "crore": 1e7, "crores": 1e7}
_CURRENCIES = frozenset({"$", "\u20ac", "\u00a3", "\u20b9", "Rs", "Rs.", "US$"})
_ADVERB_COUNTS = {"once": 1, "twice": 2, "thrice": 3}
_NUMERIC_RE = re.compile(r"^\$?(\d[\d,]*(?:\.\d+)?)(?:(million|billion|trillion|m|bn|k))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Predicate:
    key: str  # the lemma, or light verb and object ("make:mistake")
    lemma: str
    negated: bool
    mode: str  # "plain", or "modal" (should, could, would ...): an obligation or a possibility, no fact
    subject: str | frozenset | None  # "first", "second", "third" (pronouns), the subject's words, or None
    targets: frozenset[str]  # stems of the content words of its arguments
    span: tuple[int, int]  # the predicate's characters in the text
    negation: tuple[int, int] | None  # the characters of the word whose negation scopes over it


@dataclass(frozen=True)
class Amount:
    value: float
    thing: str  # the counted noun ("seat"), "time" for once / twice / three times
    governor: str  # the verb or noun the amount belongs to ("vote" in "voted for me twice")
    span: tuple[int, int]


@dataclass(frozen=True)
class ClaimFrame:
    predicates: tuple[Predicate, ...]
    amounts: tuple[Amount, ...]


def _content(token) -> str | None:
    if token.is_stop or token.pos_ in ("PRON", "DET", "PUNCT", "NUM", "SYM", "AUX", "CCONJ", "PART", "ADP", "SPACE"):
        return None
    if not token.text[:1].isalpha() or len(token.text) < 3:
        return None
    return stem(token.lemma_ if token.pos_ != "PROPN" else token.text)


FOCUS_WORDS = frozenset("just only merely simply".split())


def _focus(negation) -> bool:
    """``not just`` / ``not only``: a focus on more to come, no negation ("It's not just Bernie saying")."""
    following = negation.doc[negation.i + 1] if negation.i + 1 < len(negation.doc) else None
    return following is not None and following.lower_ in FOCUS_WORDS


def _own_negation(token):
    for child in token.children:
        if (child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in ("advmod", "preconj", "cc"))) and not _focus(child):
            return child
        if child.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and any(
                g.lower_ == "no" and g.dep_ == "det" for g in child.children):
            return next(g for g in child.children if g.lower_ == "no")
    return None


def _has_own_subject(token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def negated(token, memo: dict) -> bool:
    """Whether a negation scopes over ``token`` (its own, its head's, or a negating head's)."""
    if token.i in memo:
        return memo[token.i]
    memo[token.i] = False  # a cycle guard; spaCy trees have none, but partial parses may
    value = _own_negation(token) is not None
    head = token.head
    if head.i != token.i:
        if token.dep_ in SCOPE_DEPS and negated(head, memo):
            value = not value
        if token.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_HEADS:
            value = not value
        if token.dep_ == "conj" and not _has_own_subject(token) and _own_negation(head) is not None and head.pos_ == token.pos_:
            value = not value if _own_negation(token) is None else value
    memo[token.i] = value
    return value


def negator(token):
    """The word whose negation scopes over ``token`` (``not`` in "not ready to support"), if any."""
    for _ in range(8):
        own = _own_negation(token)
        if own is not None:
            return own
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ == "xcomp" and head.lemma_.lower() in NEGATING_HEADS:
            return head
        if token.dep_ in SCOPE_DEPS or (token.dep_ == "conj" and not _has_own_subject(token)):
            token = head
            continue
        return None
    return None


def _targets(token) -> set[str]:
    found = set()
    stack = [c for c in token.children if c.dep_ in ARG_DEPS]
    # Coordinated verbs share their object: "sent and received classified material".
    for conj in (c for c in token.children if c.dep_ == "conj" and c.pos_ == token.pos_):
        stack += [c for c in conj.children if c.dep_ in ("dobj", "attr", "prep")]
    if token.dep_ == "conj" and not any(c.dep_ in ("dobj", "attr") for c in token.children):
        stack += [c for c in token.head.children if c.dep_ in ("dobj", "attr")]
    if token.dep_ in ("acomp", "attr", "oprd"):  # "Iraq was stable": the copula's subject is the target
        stack += [c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    while stack:
        node = stack.pop()
        word = _content(node)
        if word:
            found.add(word)
        stack += [c for c in node.children if c.dep_ not in CLAUSAL]
    return found


def _light_object(token):
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "acomp", "oprd") and _content(child):
            return child
    # The small model often hangs the object elsewhere ("made a mistake getting involved"):
    # the first noun after the verb in its own subtree, not inside a prepositional phrase.
    for node in token.subtree:
        if node.i > token.i and node.pos_ == "NOUN" and _content(node) and not _under_preposition(node, token):
            return node
    return None


def _under_preposition(node, top) -> bool:
    # spaCy makes a new Token object on every access: compare positions, never identities.
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in ("pobj", "prep"):
            return True
        node = node.head
    return False


def _climb(token):
    """The tokens from ``token`` up through the complements and coordinations it belongs to."""
    chain = [token]
    while token.dep_ in CLIMB_DEPS and token.head.i != token.i and len(chain) < 8:
        token = token.head
        chain.append(token)
    return chain


def mode(token) -> str:
    """"hypothetical" (if, unless, whether; a question), "modal" (should, could ...) or "plain"."""
    if token.sent[-1].text == "?" or any(t.text == "?" for t in token.sent if t.i > token.i):
        return "hypothetical"
    for node in _climb(token):
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in HYPOTHETICAL_MARKS:
                return "hypothetical"
            if child.dep_ in ("aux", "auxpass") and child.lower_ in DEONTIC:
                return "modal"
    return "plain"


def subject(token) -> str | frozenset | None:
    for node in _climb(token):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                word = child.lower_
                if word in FIRST_PERSON:
                    return "first"
                if word == "you":
                    return "second"
                if child.pos_ == "PRON":
                    return "third"
                words = frozenset(w for w in (_content(t) for t in child.subtree) if w)
                return words or None
    return None


def compatible_subjects(a, b) -> bool:
    """Whether two predicates may be said of the same subject ("we will win" is no answer to "you
    will not win"; "he" may be anyone named)."""
    if a is None or b is None:
        return True
    if isinstance(a, str) or isinstance(b, str):
        if isinstance(a, str) and isinstance(b, str):
            return a == b
        return "third" in (a, b)
    return bool(a & b)


def predicates(doc) -> list[Predicate]:
    """The claims of a parsed text; questions and hypotheticals (if, whether) are no claims."""
    memo: dict = {}
    found = []
    for token in doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and lemma == "be" and token.dep_ in ("ROOT", "conj", "ccomp")):
            if lemma in VAGUE or (lemma in LIGHT_VERBS and any(c.dep_ == "xcomp" for c in token.children)):
                continue  # "going to win", "have to solve": the complement is the claim
            if lemma in LIGHT_VERBS:
                obj = _light_object(token)
                if obj is None or obj.pos_ == "ADJ":  # "is stable": the adjective is the predicate
                    continue
                key = f"{lemma}:{stem(obj.lemma_)}"
            else:
                key = lemma
        elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "ROOT", "conj", "xcomp", "oprd", "ccomp"):
            key = lemma
        else:
            continue
        how = mode(token)
        if how == "hypothetical":
            continue
        is_negated = negated(token, memo)
        neg = negator(token) if is_negated else None
        found.append(Predicate(
            key, lemma, is_negated, how, subject(token), frozenset(_targets(token)),
            (token.idx, token.idx + len(token.text)), (neg.idx, neg.idx + len(neg.text)) if neg is not None else None))
    return found


def _number_value(token) -> float | None:
    text = token.lower_
    if text in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[text])
    else:
        match = _NUMERIC_RE.match(text)
        if not match:
            return None
        value = float(match.group(1).replace(",", ""))
        suffix = (match.group(2) or "").lower()
        value *= {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "k": 1e3}.get(suffix, 1.0)
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in _SCALES:
        value *= _SCALES[following.lower_]
    return value


def amounts(doc) -> list[Amount]:
    found = []
    for token in doc:
        if token.lower_ in _ADVERB_COUNTS:
            found.append(Amount(float(_ADVERB_COUNTS[token.lower_]), "time", token.head.lemma_.lower(),
                                (token.idx, token.idx + len(token.text))))
            continue
        if not (token.like_num or token.lower_ in _NUMBER_WORDS or _NUMERIC_RE.match(token.lower_)) or token.lower_ in _SCALES:
            continue
        value = _number_value(token)
        if value is None:
            continue
        top = token
        while top.head.i != top.i and top.head.lower_ in _SCALES:
            top = top.head
        if 1900 <= value <= 2100 and token.text.isdigit() and len(token.text) == 4:
            continue  # a year names a time, it counts nothing
        if any(t.text in _CURRENCIES for t in (*top.children, *token.children, token.doc[max(0, token.i - 1)])):
            thing, governor = "dollar", top.head if top.dep_ not in ("nummod", "quantmod", "compound") else top.head.head
        elif top.dep_ in ("nummod", "quantmod", "compound", "nmod") and top.head.pos_ in ("NOUN", "PROPN"):
            thing = top.head
            governor = thing.head
        else:
            continue
        thing = thing if isinstance(thing, str) else stem(thing.lemma_)
        while governor.dep_ in ("prep", "pobj") and governor.head.i != governor.i:
            governor = governor.head
        found.append(Amount(value, thing, governor.lemma_.lower(), (token.idx, token.idx + len(token.text))))
    return found


def frame(doc) -> ClaimFrame:
    return ClaimFrame(tuple(predicates(doc)), tuple(amounts(doc)))


class ClaimParser:
    """Parses statements lazily, each text once, with the project's spaCy model (no NER needed)."""

    def __init__(self, nlp=None):
        self._nlp = nlp
        self._frames: dict[str, ClaimFrame] = {}

    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp import load_model

            self._nlp = load_model()
        return self._nlp

    def parse(self, texts: Iterable[str]) -> None:
        todo = sorted({t for t in texts if t not in self._frames})
        if not todo:
            return
        disable = [p for p in ("ner",) if p in self.nlp.pipe_names]
        for text, doc in zip(todo, self.nlp.pipe((t[:MAX_CHARS] for t in todo), batch_size=256, disable=disable)):
            self._frames[text] = frame(doc)

    def __getitem__(self, text: str) -> ClaimFrame:
        if text not in self._frames:
            self.parse([text])
        return self._frames[text]
