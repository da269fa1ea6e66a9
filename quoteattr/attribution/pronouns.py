"""Who ``he`` and ``she`` are: a salience model over the people named so far.

Each earlier mention of a person adds to that person's salience, weighted by its grammatical
role (subjects and quote speakers count most) and halved for each sentence back; people of the
other gender are out (gender from titles, the knowledge base, first names, and pronouns already
resolved), and people of unknown gender count less than those known to fit. The most salient
person wins; the margin over the runner-up becomes part of the confidence.
"""
from __future__ import annotations

from dataclasses import dataclass

from .mentions import ArticleNames, Entity

_ROLE_WEIGHT = {"speaker": 3.0, "subject": 2.0, "object": 1.0, "other": 0.7}
_DECAY = 0.5
_HORIZON = 6  # sentences back that still count
_UNKNOWN_GENDER = 0.55


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


def _role(dep: str) -> str:
    if dep in ("nsubj", "nsubjpass"):
        return "subject"
    if dep in ("dobj", "pobj", "iobj", "attr", "dative"):
        return "object"
    return "other"


class Salience:
    def __init__(self, names: ArticleNames):
        self.names = names
        self._sent_index = {s.start: i for i, s in enumerate(names.doc.sents)}
        self.events: list[_Event] = []
        for entity in names.entities:
            for m in entity.mentions:
                head = m.head
                dep = head.dep_ if head.dep_ != "appos" else head.head.dep_
                self.events.append(_Event(m.start, self.sentence_of(head), entity, _role(dep)))
        self.events.sort(key=lambda e: e.pos)

    def sentence_of(self, token) -> int:
        return self._sent_index.get(token.sent.start, 0)

    def add_speaker(self, pos: int, sentence: int, entity: Entity) -> None:
        """A quote was attributed to ``entity`` at ``pos``: they are now the most salient."""
        self.events.append(_Event(pos, sentence, entity, "speaker"))
        self.events.sort(key=lambda e: e.pos)

    def resolve(self, pos: int, sentence: int, gender: str | None,
                exclude: Entity | None = None) -> Resolution:
        scores: dict[int, float] = {}
        entities: dict[int, Entity] = {}
        for event in self.events:
            if event.pos >= pos:
                break
            back = sentence - event.sentence
            if back > _HORIZON or event.entity is exclude:
                continue
            entity = event.entity
            if gender and entity.gender and entity.gender != gender:
                continue
            weight = _ROLE_WEIGHT[event.role] * _DECAY ** max(0, back)
            if gender and entity.gender is None:
                weight *= _UNKNOWN_GENDER
            scores[entity.id] = scores.get(entity.id, 0.0) + weight
            entities[entity.id] = entity
        if not scores:
            return Resolution(None, 0.0)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        best, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        entity = entities[best]
        if gender and entity.gender is None:
            entity.gender = gender
        return Resolution(entity, round(1 - runner_up / score, 3) if score else 0.0)
