"""Who ``he`` and ``she`` are: a salience model over the people named so far.

Every mention of a person adds to that person's salience, weighted by its role in the sentence
(the subject of a verb of speech counts most, then a main-clause subject, a subordinate
subject, an object, anything else) and halved for each sentence back. Pronouns are resolved in
reading order, and each resolved pronoun is itself a mention, so the person an article is about
stays salient through ``he said ... he added``. People of the other gender are out (gender from
titles, the knowledge base, first names, and pronouns already resolved); people of unknown
gender count less than those known to fit. The margin over the runner-up is the resolution's
certainty.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Token

from ..lexicon import PRONOUN_GENDER, cue_lemmas
from .mentions import ArticleNames, Entity

_ROLE_WEIGHT = {"speaker": 3.0, "subject": 2.0, "clause-subject": 1.3, "object": 1.0, "other": 0.7}
_DECAY = 0.5
_HORIZON = 6  # sentences back that still count
_UNKNOWN_GENDER = 0.85
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass
class _Event:
    pos: int
    sentence: int
    entity: Entity
    role: str


@dataclass(frozen=True)
class Resolution:
    entity: Entity | None
    margin: float  # 1.0: nobody else in the running; near 0: a close call


def best_of(ranked: list[tuple[Entity, float]]) -> Resolution:
    """The most salient of ``ranked`` and its margin over the runner-up."""
    if not ranked:
        return Resolution(None, 0.0)
    entity, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return Resolution(entity, round(1 - runner_up / score, 3) if score else 0.0)


def _main_clause(verb: Token) -> bool:
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT" or verb.head is verb


def role_of(token: Token) -> str:
    """How prominent a mention is in its sentence."""
    dep = token.dep_
    # Up through the noun phrase: "AIADMK co-coordinator and Chief Minister Edappadi K.
    # Palaniswami countered": the name hangs off the role words, which are the subject.
    for _ in range(4):
        if dep == "appos" or (dep in ("compound", "conj", "flat") and token.head.pos_ in ("NOUN", "PROPN")
                              and token.head is not token):
            token, dep = token.head, token.head.dep_
        else:
            break
    if dep in _SUBJECTS:
        verb = token.head
        if verb.lemma_.lower() in cue_lemmas():
            return "speaker"
        return "subject" if _main_clause(verb) else "clause-subject"
    if dep in ("dobj", "pobj", "iobj", "attr", "dative"):
        return "object"
    return "other"


class Salience:
    def __init__(self, names: ArticleNames):
        self.names = names
        self.events: list[_Event] = []
        self.pronouns: dict[int, Resolution] = {}
        items: list[tuple[int, object]] = []
        for entity in names.entities:
            for m in entity.mentions:
                items.append((m.start, m))
        for token in names.doc:
            if token.lower_ in PRONOUN_GENDER and token.lower_ not in ("his", "her", "hers", "him") \
                    and not names.is_masked(token):
                items.append((token.idx, token))
        for pos, item in sorted(items, key=lambda x: x[0]):
            if isinstance(item, Token):
                found = self._rank(pos, self.sentence_of(item), PRONOUN_GENDER[item.lower_])
                self.pronouns[item.i] = found
                if found.entity is not None:
                    self.events.append(_Event(pos, self.sentence_of(item), found.entity, role_of(item)))
            else:
                head = item.head
                self.events.append(_Event(pos, self.sentence_of(head), item.entity, role_of(head)))

    def sentence_of(self, token: Token) -> int:
        return self.names.sentence_index(token)

    def add_speaker(self, pos: int, sentence: int, entity: Entity) -> None:
        """A quote was attributed to ``entity`` at ``pos``: they are now the most salient."""
        self.events.append(_Event(pos, sentence, entity, "speaker"))
        self.events.sort(key=lambda e: e.pos)

    def scores(self, pos: int, sentence: int, gender: str | None = None,
               fits: Callable[[Entity], bool] | None = None) -> list[tuple[Entity, float]]:
        """People named before ``pos``, most salient first."""
        totals: dict[int, float] = {}
        entities: dict[int, Entity] = {}
        for event in self.events:
            if event.pos >= pos:
                break
            back = sentence - event.sentence
            if back > _HORIZON:
                continue
            entity = event.entity
            if gender and entity.gender and entity.gender != gender:
                continue
            if fits is not None and not fits(entity):
                continue
            weight = _ROLE_WEIGHT[event.role] * _DECAY ** max(0, back)
            if gender and entity.gender is None:
                weight *= _UNKNOWN_GENDER
            totals[entity.id] = totals.get(entity.id, 0.0) + weight
            entities[entity.id] = entity
        return sorted(((entities[k], v) for k, v in totals.items()), key=lambda kv: -kv[1])

    def _rank(self, pos: int, sentence: int, gender: str | None) -> Resolution:
        found = best_of(self.scores(pos, sentence, gender))
        if gender and found.entity is not None and found.entity.gender is None:
            found.entity.gender = gender
        return found

    def resolve(self, token: Token) -> Resolution:
        """The person a pronoun refers to (resolved once, in reading order)."""
        found = self.pronouns.get(token.i)
        if found is None:
            found = self._rank(token.idx, self.sentence_of(token), PRONOUN_GENDER.get(token.lower_))
        return found
