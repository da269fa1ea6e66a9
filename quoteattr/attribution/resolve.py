"""From the words that stand for a speaker to the speaker: a full name with a party and a role.

A name is resolved to its person in the article (``Babaria`` -> ``Deepak Babaria``); a pronoun
to the most salient person of its gender; a role (``the Congress leader``) to the most recent
person whose role or party fits; a party, a publication or an organisation to itself; an
anonymous source to nobody.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..lexicon import (
    ANONYMOUS_NOUNS,
    PRONOUN_GENDER,
    PUBLICATION_NOUNS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLE_WORDS,
    expand_roles,
)
from .mentions import ArticleNames, Entity, Mention, norm_word
from .party_evidence import PartyEvidence, entity_party, mention_evidence, parties_in, premodifier, role_phrase
from .pronouns import Resolution, Salience


@dataclass(frozen=True)
class Speaker:
    name: str | None
    kind: str | None  # person, organisation, publication, anonymous
    role: str | None
    party: str | None
    party_evidence: str | None
    how: str  # name, surname, knowledge base, pronoun, role, organisation, publication, anonymous, none
    certainty: float  # how sure the resolution is, 0..1
    entity: Entity | None = None
    margin: float = 0.0  # for a pronoun: how far ahead of the runner-up its person was


NOBODY = Speaker(None, None, None, None, None, "none", 0.0)


class Resolver:
    def __init__(self, names: ArticleNames, salience: Salience):
        self.names, self.salience, self.kb = names, salience, names.kb
        self._party: dict[int, PartyEvidence | None] = {}
        self._roles: dict[int, str | None] = {}

    # -- a person's party and role -----------------------------------------------------------
    def party_of(self, entity: Entity) -> tuple[str | None, str | None]:
        if entity.id not in self._party:
            self._party[entity.id] = entity_party(self.names, entity)
        found = self._party[entity.id]
        if found is not None:
            return found.party.name, found.phrase
        if entity.known is not None:
            party, how = self.kb.party_on(entity.known, self.names.date)
            if party:
                return party, f"knowledge base: {entity.known.name} ({party}, {how})"
        return None, None

    def role_of(self, entity: Entity) -> str | None:
        if entity.id not in self._roles:
            roles = (role_phrase(self.names, m) for m in entity.mentions)
            self._roles[entity.id] = next((r for r in roles if r), None) or (entity.known.role if entity.known else None)
        return self._roles[entity.id]

    def person(self, entity: Entity, mention: Mention | None, how: str, certainty: float,
               phrase: Span | None = None) -> Speaker:
        """``entity`` as a speaker; ``mention`` and ``phrase`` (the subject's role words) are the
        words of this very sentence about them, which outrank the rest of the article."""
        local = [e for e in mention_evidence(self.names, mention) if not e.joined] if mention else []
        if phrase is not None:
            local += [PartyEvidence(p, phrase.text, pos) for p, pos in parties_in(self.names, phrase, mention.span)]
        party, evidence = (local[0].party.name, local[0].phrase) if local else self.party_of(entity)
        role = (role_phrase(self.names, mention) if mention else None) or self.role_of(entity)
        if mention is not None and how == "name":
            how = "name" if len(mention.words) > 1 else ("knowledge base" if entity.known and
                                                            len(entity.canonical.split()) > 1 and
                                                            not any(len(m.words) > 1 for m in entity.mentions)
                                                            else "surname")
            if how == "surname" and len(entity.canonical.split()) == 1:
                certainty = min(certainty, 0.6)
        return Speaker(entity.canonical, "person", role, party, evidence, how, certainty, entity)

    # -- the source words ---------------------------------------------------------------------
    def resolve(self, token: Token, pos: int) -> Speaker:
        names = self.names
        lower = token.lower_
        if lower in ("who", "that", "which") and token.head.dep_ == "relcl" and token.head.head is not token:
            token = token.head.head  # "O'Malley, who signed gun laws, said": the relative's noun
            lower = token.lower_
        if lower in PRONOUN_GENDER and token.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos", "ROOT"):
            if lower not in ("he", "she"):
                return NOBODY
            return self.pronoun(self.salience.resolve(token))
        mention = names.mention_at(token)
        if mention is not None and mention.kind in ("party", "organisation"):
            # "AIADMK co-coordinator and Chief Minister Edappadi K. Palaniswami said": the party
            # heads the parse's phrase, the person named in it speaks
            mention = self._person_in_phrase(token) or mention
        if mention is not None:
            return self._named(mention, None)
        mention = self._name_inside(token)
        if mention is not None:
            return self._named(mention, names.doc[token.left_edge.i:token.i + 1])
        lemma = token.lemma_.lower()
        if lemma in PUBLICATION_NOUNS or lower in PUBLICATION_NOUNS:
            publication = self._publication(token)
            if publication is not None:
                return publication
        if lemma in ROLE_NOUNS or lower in ROLE_NOUNS or lower in ROLE_ABBREVIATIONS:
            return self._role_phrase(token, pos)
        party = self.names.parties.named(self._phrase_text(token)) or self.names.parties.named(token.text)
        if party is not None:  # "the Congress said"
            return Speaker(party.name, "organisation", None, party.name, token.text, "organisation", 0.85)
        if lemma in ANONYMOUS_NOUNS or lower in ANONYMOUS_NOUNS:
            return Speaker(None, "anonymous", self._phrase_text(token), None, None, "anonymous", 0.5)
        if token.ent_type_ in ("ORG", "NORP") and token.pos_ == "PROPN":
            return Speaker(self._phrase_text(token), "organisation", None, None, None, "organisation", 0.6)
        return NOBODY

    def pronoun(self, found: Resolution) -> Speaker:
        """The person a pronoun was resolved to, as certain as the resolution's margin."""
        if found.entity is None:
            return NOBODY
        return replace(self.person(found.entity, None, "pronoun", 0.55 + 0.35 * found.margin), margin=found.margin)

    def _phrase_text(self, token: Token) -> str:
        doc = self.names.doc
        start = token.i
        while start > token.left_edge.i and doc[start - 1].dep_ in ("compound", "amod", "det", "poss", "nummod") \
                and not self.names.is_masked(doc[start - 1]):
            start -= 1
        words = doc[start:token.i + 1]
        return words.text if words[0].pos_ != "DET" else words[1:].text

    def _person_in_phrase(self, token: Token) -> Mention | None:
        """A person reached from ``token`` through appositions and conjuncts (never a preposition)."""
        stack = [c for c in token.children if c.dep_ in ("appos", "conj")]
        while stack:
            child = stack.pop(0)
            found = self.names.mention_at(child)
            if found is not None and found.entity is not None:
                return found
            stack.extend(c for c in child.children if c.dep_ in ("appos", "conj", "compound"))
        return None

    def _name_inside(self, token: Token) -> Mention | None:
        """A person named inside the subject's phrase: ``campaign manager Robby Mook``, ``the
        Democratic senator from Vermont, Bernie Sanders``."""
        deps = ("appos", "compound") if norm_word(token.text) not in ROLE_NOUNS else ("appos",)
        candidates = [c for c in token.children if c.dep_ in deps]
        if norm_word(token.text) in ROLE_NOUNS or token.lemma_.lower() in ROLE_NOUNS:
            candidates += [t for t in token.subtree if t.dep_ == "appos" and t.head is not token]
        for child in candidates:
            found = self.names.mention_at(child)
            if found is not None and found.entity is not None:
                return found
        return None

    def _named(self, mention: Mention, phrase: Span | None) -> Speaker:
        if mention.kind == "party":
            party = self.names.parties.named(mention.name)
            if party is not None:
                return Speaker(party.name, "organisation", None, party.name, mention.name, "organisation", 0.85)
        if mention.entity is not None:
            return self.person(mention.entity, mention, "name", 0.95 if len(mention.words) > 1 else 0.9, phrase)
        if mention.kind == "organisation":
            return Speaker(mention.name, "organisation", None, None, None, "organisation", 0.7)
        if mention.kind == "place":
            return NOBODY
        # A capitalised subject of a cue that we could not classify: a person, less surely.
        entity = Entity(-1 - mention.span.start, mention.name)
        return Speaker(mention.name, "person", None, None, None, "name", 0.5, entity)

    def _publication(self, token: Token) -> Speaker | None:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "by", "from"):
                for obj in prep.children:
                    found = self.names.mention_at(obj) if obj.dep_ == "pobj" else None
                    if found is not None:
                        party = None
                        for phrase in [premodifier(self.names, found)] + [
                                self.names.doc[c.left_edge.i:c.right_edge.i + 1] for c in found.head.children if c.dep_ == "appos"]:
                            if phrase is not None:
                                hits = self.names.parties.mentions(phrase.text)
                                if hits:
                                    party = hits[-1].party.name, phrase.text
                        return Speaker(found.name, "publication", token.text, party[0] if party else None,
                                       party[1] if party else None, "publication", 0.85)
        return None

    def _role_phrase(self, token: Token, pos: int) -> Speaker:
        """``the Congress leader said``: the most salient person whose party or role fits (a
        person of that party; else one whose role has the word and whose party is unknown)."""
        phrase = self.names.doc[token.left_edge.i:token.i + 1]
        wanted = self.names.parties.mentions(phrase.text)
        wanted_party = wanted[-1].party.name if wanted else None
        role_words = {norm_word(t.text) for t in phrase} & (ROLE_NOUNS | TITLE_WORDS | set(ROLE_ABBREVIATIONS))
        role_words -= {"former", "then", "the", "late", "acting", "interim", "ex", "general", "vice"}
        sentence = self.salience.sentence_of(token)

        def role_fits(entity: Entity) -> bool:
            """Every role word of the phrase is in the person's role ("chief minister" ~ "CM")."""
            role = (self.role_of(entity) or "").lower().replace("'s", "").replace("-", " ")
            theirs = expand_roles({norm_word(w) for w in role.split()})
            return bool(role_words) and role_words <= theirs

        def fits(entity: Entity) -> bool:
            party = self.party_of(entity)[0]
            if wanted_party:
                return party == wanted_party or (party is None and role_fits(entity))
            return role_fits(entity)

        ranked = self.salience.scores(pos, sentence, fits=fits)
        if wanted_party:  # people of the named party before those whose party is unknown
            ranked.sort(key=lambda kv: (self.party_of(kv[0])[0] != wanted_party, -kv[1]))
        best = ranked[0][0] if ranked else None
        role_text = phrase.text[4:] if phrase.text.lower().startswith("the ") else phrase.text
        if best is None:
            if wanted_party:
                return Speaker(None, None, role_text, wanted_party, phrase.text, "none", 0.3)
            return Speaker(None, None, role_text, None, None, "none", 0.25)
        speaker = self.person(best, None, "role", 0.75)
        if speaker.party is None and wanted_party:
            return Speaker(speaker.name, "person", role_text, wanted_party, phrase.text, "role", 0.75, best)
        return Speaker(speaker.name, "person", role_text, speaker.party, speaker.party_evidence, "role", 0.75, best)

    def label(self, label: str, pos: int) -> Speaker:
        """A transcript label (``MR. HALE``): the person of the article with that surname."""
        words = [w for w in label.replace(".", " ").split() if w.lower() not in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "pres", "rev")]
        if not words:
            return NOBODY
        surname = words[-1].lower()
        for entity in self.names.entities:
            if entity.surname.lower() == surname or entity.canonical.lower() == " ".join(words).lower():
                return self.person(entity, None, "name", 0.85)
        return Speaker(" ".join(w.capitalize() for w in words), "person", None, None, None, "name", 0.6)
