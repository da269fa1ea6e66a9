"""Telling people from organisations, places and words describing a role."""
from __future__ import annotations

from ..lexicon import (
    ORG_WORDS,
    ROLE_NOUNS,
    STRONG_CUES,
    TITLE_WORDS,
    cue_lemmas,
    first_name_genders,
)
from ..places import is_place
from .name_parts import (Mention, norm_word, _ORG_TYPES, _PLACE_TYPES, _SUBJECT_DEPS, _is_initial)


class NameKinds:
    """Part of :class:`~quoteattr.attribution.mentions.ArticleNames` (which holds the state)."""

    # -- people, organisations, places -----------------------------------------------------
    def _classify(self) -> None:
        firsts = first_name_genders()
        for m in self.mentions:
            if m.kind not in ("party", "headline"):
                m.kind = self._kind(m, firsts)
        # A single word is what the article mostly uses it as ("Haryana" tagged once as a person
        # is still a place), except that a person's surname is that person ("Babaria").
        votes: dict[str, list[str]] = {}
        for m in self.mentions:
            if len(m.span) == 1:
                votes.setdefault(m.name, []).append(m.kind)
        titled = {m.name for m in self.mentions if len(m.span) == 1 and m.kind == "person" and m.title}
        for m in self.mentions:
            if len(m.span) == 1 and m.kind != "party" and self._modifies_role(m):
                m.kind = "other"  # "the Dalit leader said": a word describing the role, no name
            elif len(m.span) == 1 and m.kind in ("organisation", "other") and m.name in titled:
                m.kind = "person"  # "BSP chief Mayawati ... Mayawati said"
        people = [m for m in self.mentions if m.kind == "person" and len(m.span) > 1]
        surnames = {m.words[-1] for m in people}
        firsts_used = {m.words[0] for m in people}
        for m in self.mentions:
            if len(m.span) != 1 or m.kind == "party":
                continue
            if m.name in surnames or (m.kind in ("other", "organisation") and m.name in firsts_used
                                      and not is_place(m.name)):  # "Akhilesh further said"
                m.kind = "person"
            elif m.kind == "person" and m.title is None:
                kinds = votes[m.name]
                elsewhere = max(("place", "organisation"), key=kinds.count)
                if kinds.count(elsewhere) > kinds.count("person"):
                    m.kind = elsewhere
        # "Leader of the Opposition V.D. Satheesan" tagged as an organisation, then "Mr. Satheesan
        # said": initials or a first name before a surname the article uses for a person is a name.
        lone_people = {m.name for m in self.mentions if len(m.span) == 1 and m.kind == "person"}
        for index, m in enumerate(self.mentions):
            words = m.words
            if m.kind not in ("organisation", "other") or len(words) < 2 or words[-1] not in lone_people \
                    or norm_word(words[-1]) in ORG_WORDS or len(words) != len(m.span):
                continue
            k = len(words) - 1
            while k > 0 and (_is_initial(words[k - 1]) or words[k - 1].lower() in firsts):
                k -= 1
            if k == len(words) - 1:
                continue
            if k:  # "Opposition V.D. Satheesan": the words before the name are not part of it
                name = Mention(m.span[k:], m.span[k:].text.strip(), title=m.title)
                self.mentions[index] = name
                self._by_token.update((tok.i, name) for tok in name.span)
                for tok in m.span[:k]:
                    self._by_token.pop(tok.i, None)
                m = name
            m.kind = "person"

    def _modifies_role(self, m: Mention) -> bool:
        """``the Dalit leader``, ``a Republican senator``: a determiner, the word, a role noun."""
        start, end = m.span.start, m.span.end
        if start == 0 or end >= len(self.doc) or m.title is not None:
            return False
        before, after = self.doc[start - 1], self.doc[end]
        return before.lower_ in ("the", "a", "an") and after.text.islower() \
            and norm_word(after.text) in ROLE_NOUNS

    def _kind(self, m: Mention, firsts: dict[str, str]) -> str:
        if self.parties.is_alias(m.name):
            return "party"
        if is_place(m.name) and m.title is None:
            return "place"
        types = [t.ent_type_ for t in m.span]
        person = sum(t == "PERSON" for t in types)
        org = sum(t in _ORG_TYPES for t in types)
        place = sum(t in _PLACE_TYPES for t in types)
        words = m.words
        if norm_word(words[-1]) in ORG_WORDS and len(words) > 1:
            return "organisation"
        if m.title in TITLE_WORDS or m.title in ROLE_NOUNS:
            if not (place and not person and len(words) == 1 and m.title in ("former", "then")):
                return "person"
        if self.kb.known_person(m.name, self.date, self.country) is not None and len(words) > 1:
            return "person"
        if person >= max(org, place) and person:
            return "person"
        head = m.head
        if len(words) > 1 and words[0].lower() in firsts and not (org or place):
            return "person"
        if any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in head.children):
            return "person"
        if head.dep_ == "appos" and head.head.lemma_.lower() in ROLE_NOUNS:
            return "person"
        speaks = head.dep_ in _SUBJECT_DEPS and head.head.lemma_.lower() in cue_lemmas()
        if speaks and len(words) == 1 and place and not is_place(words[0]) and head.head.lemma_.lower() in STRONG_CUES:
            return "person"  # '"I do well," said Iampaglia': no place the gazetteer knows speaks
        if place > org:
            return "place"
        # "Ryan said": a lone surname or first name that speaks is a person, whatever the tagger
        # guessed (it often takes a surname for an organisation).
        if speaks and len(words) == 1 and (self.kb.is_surname(words[0]) or words[0].lower() in firsts):
            return "person"
        if org:
            return "organisation"
        if speaks:
            return "person"
        return "other"

