"""Finding names: runs of capitalised words split into party names, titles and names; headlines
and places trimmed."""
from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from ..lexicon import (
    ANONYMOUS_NOUNS,
    NAME_PARTICLES,
    OFFICE_NOUNS,
    PUBLICATION_NOUNS,
    ROLE_ABBREVIATIONS,
    ROLE_NOUNS,
    TITLE_WORDS,
    cue_lemmas,
)
from ..places import is_place
from .name_parts import (
    Mention,
    norm_word,
    _APOSTROPHE_NAME_RE,
    _FUNCTION_POS,
    _HONORIFICS,
    _INITIAL_RE,
    _MONTHS_DAYS,
    _NAME_STOP_WORDS,
    _NOT_NAMES,
    _ORG_TYPES,
    _PLACE_TYPES,
    _SUBJECT_DEPS,
)


class NameRuns:
    """Part of :class:`~quoteattr.attribution.mentions.ArticleNames` (which holds the state)."""

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

