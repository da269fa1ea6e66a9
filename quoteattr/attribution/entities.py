"""Grouping the mentions of one person into an entity, linked to the knowledge base, with a gender."""
from __future__ import annotations

from ..lexicon import TITLE_GENDER, first_name_genders
from .name_parts import (Entity, Mention, compatible_names, _abbreviates, _initials)


class EntityClusters:
    """Part of :class:`~quoteattr.attribution.mentions.ArticleNames` (which holds the state)."""

    # -- entities ---------------------------------------------------------------------------
    def _cluster(self) -> None:
        people = [m for m in self.mentions if m.kind == "person"]
        # Full names first, in order, so a surname used before the full name (a headline) still
        # finds its person.
        for m in sorted(people, key=lambda m: (len(m.words) == 1, m.start)):
            entity = self._entity_for(m)
            if entity is None:
                entity = Entity(len(self.entities), m.name)
                self.entities.append(entity)
            entity.mentions.append(m)
            m.entity = entity
            if len(m.words) > len(entity.canonical.split()) and compatible_names(entity.canonical.split(), m.words):
                entity.canonical = m.name
        for entity in self.entities:
            entity.mentions.sort(key=lambda m: m.start)
            self._know(entity)
            entity.gender = self._gender(entity)
        self._acronyms()

    def _entity_for(self, m: Mention) -> Entity | None:
        words = m.words
        if len(words) > 1:
            for entity in self.entities:
                full = entity.canonical.split()
                if len(full) > 1 and (compatible_names(words, full) or compatible_names(full, words)):
                    return entity
            return None
        word = words[0]
        gender = TITLE_GENDER.get(m.title or "")
        candidates = [e for e in self.entities if len(e.canonical.split()) > 1
                      and (e.surname == word or e.first == word or word in e.aliases)]
        # a surname match beats a first-name match ("Mr. Trump" is not "Trump Shuttle")
        by_surname = [e for e in candidates if e.surname == word or word in e.aliases]
        if by_surname and (len(by_surname) < len(candidates)):
            candidates = by_surname
        if gender:
            candidates = [e for e in candidates if self._first_gender(e) in (None, gender)] or candidates
        if not candidates:
            same = [e for e in self.entities if e.canonical == word]
            return same[0] if same else None
        before = [e for e in candidates if e.mentions and e.mentions[0].start < m.start]
        pool = before or candidates
        # The person named most recently before this mention (or first after it).
        return max(pool, key=lambda e: max((x.start for x in e.mentions if x.start < m.start), default=-1))

    def _first_gender(self, entity: Entity) -> str | None:
        """The gender the article's titles or the person's first name give (Mr. Obama is not
        Michelle Obama)."""
        words = entity.canonical.split()
        return self._title_gender(entity) or (first_name_genders().get(words[0].lower()) if len(words) > 1 else None)

    def _title_gender(self, entity: Entity) -> str | None:
        for m in entity.mentions:
            if m.title in TITLE_GENDER:
                return TITLE_GENDER[m.title]
        return None

    def _know(self, entity: Entity) -> None:
        """The knowledge base's person for a full name; a lone surname only when one person fits."""
        known = self.kb.known_person(entity.canonical, self.date, self.country)
        if known is None:
            for m in entity.mentions:
                if len(m.words) > 1:
                    known = self.kb.known_person(m.name, self.date, self.country)
                    if known:
                        break
        if known is None and len(entity.canonical.split()) == 1:
            known = self.kb.only_person_with_surname(entity.canonical, self.date, self.country)
        if known is not None:
            entity.known = known
            # The article's own full name stays ("John F. Kerry"); the knowledge base names a
            # person the article calls only by a surname.
            if len(entity.canonical.split()) == 1:
                entity.canonical = known.name

    def _gender(self, entity: Entity) -> str | None:
        gender = self._title_gender(entity)
        if gender:
            return gender
        if entity.known is not None and entity.known.gender:
            return entity.known.gender
        first = entity.canonical.split()[0].lower().rstrip(".")
        return first_name_genders().get(first) if len(entity.canonical.split()) > 1 else None

    def _acronyms(self) -> None:
        """``K T Rama Rao (KTR)``: the bracketed initials are another name of the person."""
        doc = self.doc
        for m in self.mentions:
            if m.entity is None or m.span.end + 2 >= len(doc):
                continue
            if doc[m.span.end].text == "(" and doc[m.span.end + 2].text == ")":
                short = doc[m.span.end + 1].text
                if short.isupper() and len(short) >= 2 and _abbreviates(short, _initials(m.words)):
                    m.entity.aliases.add(short)
        for m in self.mentions:
            if len(m.words) == 1 and m.entity is None:
                for entity in self.entities:
                    if m.name in entity.aliases:
                        m.kind, m.entity = "person", entity
                        entity.mentions.append(m)
                        entity.mentions.sort(key=lambda x: x.start)

