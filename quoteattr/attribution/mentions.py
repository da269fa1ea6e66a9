"""Names in one article: find them, tell people from organisations and places, and group the
mentions of one person (``Donald J. Trump``, ``Trump``, ``Mr. Trump``, ``Donald``) into an entity
with one canonical name.

Works on the masked parse (quoted words are placeholders), so names inside quotes never count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    ANONYMOUS_NOUNS,
    PUBLICATION_NOUNS,
    STRONG_CUES,
    NAME_PARTICLES,
    OFFICE_NOUNS,
    ROLE_ABBREVIATIONS,
    ORG_WORDS,
    ROLE_NOUNS,
    TITLE_GENDER,
    TITLE_WORDS,
    cue_lemmas,
    first_name_genders,
)
from ..parties import KnowledgeBase, KnownSpeaker
from ..places import is_place

_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_ORG_TYPES = {"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_MONTHS_DAYS = frozenset("""
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_INITIAL_RE = re.compile(r"^[A-Z]\.?$")
_APOSTROPHE_NAME_RE = re.compile(r"^(?:O|D|Mc|Mac)?['\u2019][A-Z][a-z]+$|^[A-Z]['\u2019][A-Z][a-z]+$")


_NAME_STOP_WORDS = frozenset({"will", "may"})  # Will Estrada, May
_HONORIFICS = frozenset("mr mrs ms miss mx dr shri smt sri shrimati".split())
_FUNCTION_POS = frozenset({"ADJ", "ADV", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "NUM"})


def norm_word(text: str) -> str:
    return text.lower().strip(".").replace("\u2019", "'")


@dataclass
class Mention:
    """A name as written (titles and roles split off), with what it stands for."""

    span: Span
    name: str
    kind: str = "other"  # person, organisation, party, place, other
    title: str | None = None  # the title word just before it: mr, sen, president ...
    entity: "Entity | None" = None

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def head(self) -> Token:
        """The syntactic head of the name (the token whose head lies outside it)."""
        for token in self.span:
            if not (self.span.start <= token.head.i < self.span.end) or token.head is token:
                return token
        return self.span[-1]

    @property
    def words(self) -> list[str]:
        return self.name.split()


@dataclass
class Entity:
    """One person (or organisation) of the article and every mention of them."""

    id: int
    canonical: str
    kind: str = "person"
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None
    known: KnownSpeaker | None = None
    aliases: set[str] = field(default_factory=set)

    @property
    def surname(self) -> str:
        return self.canonical.split()[-1]

    @property
    def first(self) -> str:
        return self.canonical.split()[0]


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _abbreviates(short: str, initials: str) -> bool:
    """``KTR`` for K T Rama Rao: the same first and last initial, the rest in order."""
    if not initials or short[0] != initials[0] or short[-1] != initials[-1]:
        return False
    rest = iter(initials)
    return all(letter in rest for letter in short)


def _is_initial(word: str) -> bool:
    letters = word.replace(".", "")
    return bool(letters) and letters.isupper() and len(letters) <= 3 and letters.isalpha()


def compatible_names(short: list[str], full: list[str]) -> bool:
    """``short`` can be a shorter way of writing ``full``: same surname, compatible first names
    (equal, or an initial of it), and nothing in between that the full name lacks; or the full
    name with its leading initials dropped (``Deve Gowda`` for ``H. D. Deve Gowda``)."""
    if not short or not full or short[-1].lower() != full[-1].lower():
        return False
    if len(short) == 1:
        return True
    lead = 0
    while lead < len(full) - 1 and _is_initial(full[lead]):
        lead += 1
    if lead and [w.lower() for w in full[lead:]] == [w.lower() for w in short]:
        return True
    first_s, first_f = short[0].rstrip("."), full[0].rstrip(".")
    if first_s.lower() != first_f.lower() and not (len(first_s) == 1 and first_f[:1].upper() == first_s.upper()):
        return False
    middle_f = {w.lower().rstrip(".") for w in full[1:-1]}
    return all(w.lower().rstrip(".") in middle_f or len(w.rstrip(".")) == 1 for w in short[1:-1])


class ArticleNames:
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

    # -- finding names ---------------------------------------------------------------------
    def is_masked(self, token: Token) -> bool:
        return self._masked_tokens[token.i]

    def _is_name_token(self, token: Token) -> bool:
        text = token.text
        if not text[:1].isupper() or self.is_masked(token) or token.ent_type_ in _NOT_NAMES:
            return False
        if norm_word(text) in _MONTHS_DAYS:
            return False
        if len(text) >= 5 and text.isupper() and text.isalpha() and not self.parties.is_alias(text):
            return False  # "CORRECTION:", "UNDERSTANDING THE ...": a label or a shouted headline
        return token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or self._bare_noun_speaker(token) \
            or bool(_INITIAL_RE.match(text)) \
            or bool(_APOSTROPHE_NAME_RE.match(text)) or text in self._person_words \
            or (token.dep_ in _SUBJECT_DEPS and self.kb.is_surname(text) and token.is_alpha
                and token.pos_ not in _FUNCTION_POS)  # "Much of Beck's ire": no surname

    @staticmethod
    def _bare_noun_speaker(token: Token) -> bool:
        """``Hannity interjected``, tagged a common noun: a capitalised singular noun with no
        determiner that is the subject of a verb of speech is a name."""
        if token.tag_ != "NN" or token.dep_ not in _SUBJECT_DEPS or not token.is_alpha:
            return False
        word = token.lower_
        if word in ROLE_NOUNS or word in ANONYMOUS_NOUNS or word in PUBLICATION_NOUNS:
            return False
        return token.head.lemma_.lower() in cue_lemmas() and not any(
            c.dep_ in ("det", "poss", "amod", "compound") for c in token.children)

    def _joins(self, doc: Doc, k: int) -> int:
        """How many tokens at ``k`` join two name parts: a hyphen ("Jean-Pierre"), a particle
        ("de", "van", "'t"), or 0."""
        if k + 1 >= len(doc) or not self._is_name_token(doc[k + 1]):
            if k + 2 < len(doc) and doc[k].text in ("'", "\u2019") and doc[k + 1].lower_ == "t" \
                    and self._is_name_token(doc[k + 2]):
                return 2  # in 't Veld
            return 0
        token = doc[k]
        if token.text == "-" and not doc[k - 1].whitespace_ and not token.whitespace_:
            return 1
        return 1 if token.lower_ in NAME_PARTICLES else 0

    def _is_title(self, token: Token) -> bool:
        word = norm_word(token.text)
        if word.endswith("s") and len(word) > 4 and (word[:-1] in TITLE_WORDS or word[:-1] in ROLE_NOUNS):
            word = word[:-1]  # "Senators Rubio and Cruz"
        return word in TITLE_WORDS or word in ROLE_NOUNS or word.endswith("-anchor")

    def _name_start(self, i: int) -> bool:
        """A name can start here: a name word, or a capitalised word inside a sentence that the
        tagger missed just before one ("supremo Uddhav Thackeray")."""
        doc = self.doc
        if doc[i].lower_ in STOP_WORDS and doc[i].ent_type_ != "PERSON" and doc[i].lower_ not in _NAME_STOP_WORDS:
            return False  # "Without Bloomberg", "Though Kaine", "A Johnson": no name starts so
        if self._is_name_token(doc[i]):
            return True
        token = doc[i]
        return (token.is_alpha and token.text[:1].isupper() and not token.is_sent_start and not self.is_masked(token)
                and token.ent_type_ not in _NOT_NAMES and norm_word(token.text) not in _MONTHS_DAYS
                and i + 1 < len(doc) and self._is_name_token(doc[i + 1]) and token.pos_ in ("NOUN", "ADJ", "VERB", "X"))

    def _find_mentions(self) -> list[Mention]:
        doc, mentions = self.doc, []
        i = 0
        while i < len(doc):
            if not self._name_start(i):
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and self._sentence_of[j + 1] == self._sentence_of[i]:
                if self._is_name_token(doc[j + 1]) and doc[j].text not in ("'s", "\u2019s"):
                    j += 1
                    continue
                step = self._joins(doc, j + 1)
                if not step:
                    break
                j += step + 1
            mentions.extend(self._split_run(i, j + 1))
            i = j + 1
        return self._trim_headlines(self._trim_places(mentions))

    def _headline(self, sent: Span) -> bool:
        if sent.start not in self._headlines:
            self._headlines[sent.start] = self._title_case_sentence(sent)
        return self._headlines[sent.start]

    @staticmethod
    def _title_case_sentence(sent: Span) -> bool:
        """A Title Case sentence (a headline, a subhead): its capitalised runs are not names."""
        words = [t for t in sent[1:] if t.is_alpha and not t.ent_type_ and t.pos_ != "PROPN"]
        return len(words) >= 3 and sum(t.text[0].isupper() for t in words) >= 0.75 * len(words)

    def _trim_headlines(self, mentions: list[Mention]) -> list[Mention]:
        """In a headline, a run like ``Ben Carson Defends`` keeps only a name the article (or the
        knowledge base) uses elsewhere: ``Ben Carson``; other runs are not taken for people."""
        normal = {m.name for m in mentions if len(m.span) > 1 and not self._headline(self.sentence(m.span[0]))}
        out = []
        for m in mentions:
            if len(m.span) < 2 or not self._headline(self.sentence(m.span[0])):
                out.append(m)
                continue
            best = None
            for lo in range(m.span.start, m.span.end):
                for hi in range(m.span.end, lo + 1, -1):
                    text = self.doc[lo:hi].text
                    if text in normal or self.kb.known_person(text, self.date, self.country) is not None:
                        if best is None or hi - lo > len(best):
                            best = self.doc[lo:hi]
            if best is not None:
                out.append(m if best == m.span else Mention(best, best.text, title=m.title))
            else:
                out.append(Mention(m.span, m.name, kind="headline", title=m.title))
        return out

    def _trim_places(self, mentions: list[Mention]) -> list[Mention]:
        """``Haryana Deepak Babaria``: a leading word that is a place or an organisation (the
        parse says so, or the article uses it alone) is not part of the name."""
        # a word counts as standalone if it is used alone as a place or an organisation
        # ("Haryana"), not as a name ("Uddhav expressed his disappointment")
        standalone = {m.name for m in mentions if len(m.span) == 1
                      and (m.span[0].ent_type_ in _PLACE_TYPES | _ORG_TYPES or is_place(m.name))}
        # ...unless the same words are tagged a person's name elsewhere ("Uddhav Thackeray").
        people = {m.name for m in mentions if len(m.span) > 1 and all(t.ent_type_ == "PERSON" for t in m.span)}
        out = []
        for m in mentions:
            span = m.span
            while len(span) > 1 and m.kind != "party" and (
                (len(span) > 2 and is_place(span[0].text) and not is_place(span.text))
                or (span.text.strip() not in people and span[0].text in standalone
                    and (len(span) > 2 or span[0].ent_type_ in _PLACE_TYPES | _ORG_TYPES))
                or (span.text.strip() not in people and span[0].ent_type_ in _PLACE_TYPES | _ORG_TYPES
                    and span[1].ent_type_ == "PERSON" and span[0].ent_iob_ == "B" and span[1].ent_iob_ == "B")
            ):
                span = span[1:]
            out.append(m if span is m.span else Mention(span, span.text.strip(), title=m.title))
        return out

    def _split_run(self, start: int, end: int) -> list[Mention]:
        """A run of capitalised words split into party names, titles and roles, and names; the
        last word of a run is a name unless the whole run is titles ("Rep. Steve King")."""
        doc, pieces, title = self.doc, [], None
        out = []
        piece_start = start
        k = start
        while k < end:
            if doc[k].idx in self._party_chars:
                if k > piece_start:
                    pieces.append((piece_start, k, title))
                party_end = k
                while party_end < end and doc[party_end].idx in self._party_chars:
                    party_end += 1
                out.append(Mention(doc[k:party_end], doc[k:party_end].text.strip(), kind="party"))
                title, piece_start, k = None, party_end, party_end
                continue
            after_honorific = k > start and norm_word(doc[k - 1].text) in _HONORIFICS  # "Mr. Prince"
            if self._is_title(doc[k]) and not after_honorific \
                    and (k < end - 1 or all(self._is_title(t) for t in doc[piece_start:end])):
                if k > piece_start:
                    pieces.append((piece_start, k, title))
                title = norm_word(doc[k].text)
                piece_start = k + 1
            k += 1
        if piece_start < end:
            pieces.append((piece_start, end, title))
        for lo, hi, title_word in pieces:
            while hi > lo and doc[hi - 1].text in ("'s", "\u2019s", "-", "'", "\u2019"):
                hi -= 1
            # "AAP Delhi MLA": a role word ends the run, so it is no name (unless it is a known
            # surname: "Rep. Steve King").
            while hi > lo and norm_word(doc[hi - 1].text) in OFFICE_NOUNS | set(ROLE_ABBREVIATIONS) \
                    and not self.kb.is_surname(doc[hi - 1].text):
                hi -= 1
            if hi <= lo:
                continue
            span = doc[lo:hi]
            if title_word is None:
                before = self._word_before(lo)
                if before in TITLE_WORDS or before in ROLE_NOUNS:
                    title_word = before
            out.append(Mention(span, span.text.strip(), title=title_word if hi > lo else None))
        return out

    def _word_before(self, i: int) -> str:
        """The word before token ``i``, hyphenated compounds whole: ``in-charge``."""
        doc, k = self.doc, i - 1
        if k < 0:
            return ""
        start = k
        while start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
                and not doc[start - 2].whitespace_:
            start -= 2
        return norm_word("".join(t.text for t in doc[start:k + 1]))

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
