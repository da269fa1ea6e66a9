"""Attribute each quote to a speaker, with a party, the cue, its evidence and a confidence.

Works on a spaCy ``Doc`` of the article with quote interiors masked
(:func:`quoteattr.quotes.mask_quotes`), so offsets are the article's own.
The rules, in order: the cue verb governing the quote (or nearest in its
sentence), its subject, and that subject resolved to a full name: a name as
written, a surname or first name expanded to the full name used in the
article, a pronoun to the last person named, a role ("the Congress leader")
to the last person named who fits, a publication ("the editorial in
Saamana") to the publication.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from spacy.tokens import Doc, Span, Token

from .lexicon import (
    ANONYMOUS_NOUNS,
    CUE_LEMMAS,
    PERSONAL_PRONOUNS,
    PRONOUN_GENDER,
    PUBLICATION_NOUNS,
    ROLE_NOUNS,
    TITLE_GENDER,
    TITLE_WORDS,
)
from .parties import KnowledgeBase, Party
from .quotes import Quote

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CLIMB_DEPS = {"conj", "advcl", "xcomp", "ccomp", "pcomp", "prep", "acl", "relcl"}


@dataclass(frozen=True)
class Attribution:
    speaker: str | None
    speaker_kind: str | None  # person, organisation, publication, anonymous
    role: str | None
    party: str | None
    party_evidence: str | None
    cue: str | None
    evidence: str  # the sentence the speaker was found in
    confidence: float
    method: str  # name, surname, pronoun, role, publication, organisation, continuation, none


@dataclass
class _Mention:
    span: Span
    name: str
    canonical: str | None = None
    person_like: bool = False

    @property
    def start(self) -> int:
        return self.span.start_char

    @property
    def head(self) -> Token:
        return self.span[-1]


@dataclass
class _Event:
    """A person mentioned (or resolved as a speaker) at a position: pronoun and role antecedents."""
    pos: int
    sent_start: int
    canonical: str
    is_subject: bool


def _norm(text: str) -> str:
    return text.lower().strip(".")


class ArticleAnalysis:
    """Names, their canonical forms and parties for one article's ``Doc``."""

    def __init__(self, doc: Doc, quotes: list[Quote], kb: KnowledgeBase, date: str | None):
        self.doc, self.kb, self.date = doc, kb, date
        self._masked = [(s, e) for q in quotes if not q.is_fragment for s, e in q.segments]
        self._party_chars = self._party_char_index()
        self.mentions = self._find_mentions()
        self._by_token = {tok.i: m for m in self.mentions for tok in m.span}
        self._classify_mentions()
        self.registry = self._full_name_registry()
        for mention in self.mentions:
            if mention.person_like:
                mention.canonical = self.canonical(mention.name, mention.start)[0]
        self.party_evidence = self._collect_party_evidence()
        self.gender = self._genders_from_titles()
        self.events = [
            _Event(m.start, m.head.sent.start_char, m.canonical, m.head.dep_ in _SUBJECT_DEPS or m.head.dep_ == "appos")
            for m in self.mentions if m.person_like and m.canonical
        ]

    # -- names -------------------------------------------------------------
    def _party_char_index(self) -> set[int]:
        chars: set[int] = set()
        for mention in self.kb.party_mentions(self.doc.text):
            chars.update(range(mention.start, mention.end))
        return chars

    def is_masked(self, token: Token) -> bool:
        return any(s <= token.idx < e for s, e in self._masked)

    def _is_name_token(self, token: Token) -> bool:
        return token.pos_ == "PROPN" and token.text[:1].isupper() and not self.is_masked(token)

    def _is_name_hyphen(self, doc: Doc, k: int) -> bool:
        return (doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_
                and k + 1 < len(doc) and self._is_name_token(doc[k + 1]))

    def _is_break(self, token: Token) -> bool:
        word = _norm(token.text)
        return word in ROLE_NOUNS or word in TITLE_WORDS or token.idx in self._party_chars

    def _find_mentions(self) -> list[_Mention]:
        doc, pieces = self.doc, []
        i = 0
        while i < len(doc):
            if not self._is_name_token(doc[i]):
                i += 1
                continue
            j = i
            while j + 1 < len(doc) and doc[j + 1].sent == doc[i].sent:
                if self._is_name_token(doc[j + 1]):
                    j += 1
                elif self._is_name_hyphen(doc, j + 1):  # "Jean-Pierre"
                    j += 2
                else:
                    break
            start = i
            for k in range(i, j + 2):
                if k == j + 1 or self._is_break(doc[k]):
                    if k > start:
                        pieces.append(doc[start:k])
                    start = k + 1
            i = j + 1
        standalone = {p[0].text for p in pieces if len(p) == 1}
        mentions = []
        for piece in pieces:
            # "Haryana Deepak Babaria": a leading word used alone elsewhere is a place or an org.
            while len(piece) > 2 and piece[0].text in standalone:
                piece = piece[1:]
            if len(piece) == 2 and piece[0].text in standalone and piece[0].ent_type_ in ("GPE", "LOC", "ORG", "NORP"):
                piece = piece[1:]
            mentions.append(_Mention(piece, "".join(t.text_with_ws for t in piece).strip()))
        return mentions

    def _classify_mentions(self) -> None:
        for m in self.mentions:
            head = m.head
            if self.kb.is_party_alias(m.name) or m.span.start_char in self._party_chars:
                continue
            before = self.doc[m.span.start - 1] if m.span.start > 0 else None
            m.person_like = (
                any(t.ent_type_ == "PERSON" for t in m.span)
                or (before is not None and self._is_break(before) and before.idx not in self._party_chars)
                or (head.dep_ == "appos" and _norm(head.head.text) in ROLE_NOUNS)
                or any(c.dep_ == "appos" and c.lemma_.lower() in ROLE_NOUNS for c in head.children)
                or (head.dep_ in _SUBJECT_DEPS and head.head.lemma_.lower() in CUE_LEMMAS)
            )
        multi = {m.name for m in self.mentions if m.person_like and len(m.span) > 1}
        for m in self.mentions:
            if not m.person_like and len(m.span) == 1 and not self.kb.is_party_alias(m.name):
                m.person_like = any(n.split()[-1] == m.name or n.split()[0] == m.name for n in multi)

    def _full_name_registry(self) -> dict[str, tuple[int, int]]:
        """Full names (2+ words) of people: name -> (times named, first offset)."""
        registry: dict[str, tuple[int, int]] = {}
        for m in self.mentions:
            if m.person_like and len(m.span) > 1:
                count, first = registry.get(m.name, (0, m.start))
                registry[m.name] = (count + 1, min(first, m.start))
        return registry

    def canonical(self, name: str, pos: int) -> tuple[str, str]:
        """The full name ``name`` stands for at ``pos``, and how it was found."""
        words = name.split()
        while len(words) > 1 and _norm(words[0]) in TITLE_WORDS:
            words = words[1:]
        name = " ".join(words)
        if len(words) == 1:
            candidates = [n for n in self.registry if n.split()[-1] == name or n.split()[0] == name]
        else:
            candidates = [n for n in self.registry if n != name and n.endswith(" " + name)]
        if candidates:
            best = max(candidates, key=lambda n: (self.registry[n][1] < pos, self.registry[n][0], -self.registry[n][1]))
            return best, "surname"
        known = self.kb.known_speaker(name, self.date)
        if known and known.name != name:
            return known.name, "knowledge base"
        return name, "name"

    # -- parties -----------------------------------------------------------
    def _phrase_party(self, phrase: Span, exclude: Span | None = None) -> Party | None:
        found = self.kb.party_mentions(phrase.text)
        if exclude is not None:
            lo, hi = exclude.start_char - phrase.start_char, exclude.end_char - phrase.start_char
            found = [f for f in found if f.end <= lo or f.start >= hi]
        return found[-1].party if found else None

    def _context_phrases(self, mention: _Mention) -> list[Span]:
        """Premodifiers and appositives that describe the person named by ``mention``."""
        head, doc, phrases = mention.head, self.doc, []
        left = min(head.left_edge.i, mention.span.start)
        if left < mention.span.start:
            phrases.append(doc[left:mention.span.end])
        if head.dep_ == "appos" or (head.dep_ == "pobj" and head.head.text == "of"):
            anchor = head.head if head.dep_ == "appos" else head.head.head
            if _norm(anchor.text) in ROLE_NOUNS or anchor.pos_ == "NOUN":
                phrases.append(doc[anchor.left_edge.i:mention.span.end])
        for child in head.children:
            if child.dep_ == "appos" and not self.is_masked(child):
                phrases.append(doc[child.left_edge.i:child.right_edge.i + 1])
        after = mention.span.end
        if after < len(doc) and doc[after].text in (",", "("):
            end = after + 1
            while end < len(doc) and end - after < 8 and doc[end].text not in (",", ")", ";") and not doc[end].is_sent_start \
                    and doc[end].pos_ not in ("VERB", "AUX"):
                end += 1
            phrases.append(doc[after:end])
        return phrases

    def _collect_party_evidence(self) -> dict[str, list[tuple[int, str, Party]]]:
        evidence: dict[str, list[tuple[int, str, Party]]] = defaultdict(list)
        for m in self.mentions:
            if not m.canonical:
                continue
            for phrase in self._context_phrases(m):
                party = self._phrase_party(phrase, exclude=m.span)
                if party:
                    evidence[m.canonical].append((m.start, phrase.text, party))
        return evidence

    def party_of(self, canonical: str) -> tuple[str | None, str | None]:
        found = self.party_evidence.get(canonical)
        if found:
            _, phrase, party = min(found, key=lambda e: e[0])
            return party.name, phrase
        known = self.kb.known_speaker(canonical, self.date)
        if known and known.party:
            return known.party, f"knowledge base: {known.name} ({known.party})"
        return None, None

    def _genders_from_titles(self) -> dict[str, str]:
        genders: dict[str, str] = {}
        for m in self.mentions:
            before = self.doc[m.span.start - 1] if m.span.start > 0 else None
            if m.canonical and before is not None and _norm(before.text) in TITLE_GENDER:
                genders.setdefault(m.canonical, TITLE_GENDER[_norm(before.text)])
        return genders

    def role_of(self, canonical: str) -> str | None:
        """The role the article gives a person where it first describes them."""
        for m in self.mentions:
            if m.canonical == canonical:
                for phrase in self._context_phrases(m):
                    role = _role_text(phrase, m.span)
                    others = {self._by_token[t.i].canonical for t in phrase if t.i in self._by_token} - {canonical, None}
                    if role and not others and any(_norm(w) in ROLE_NOUNS for w in role.replace("'s", "").split()):
                        return role
        return None

    # -- antecedents -------------------------------------------------------
    def last_person(self, pos: int, party: str | None = None, gender: str | None = None,
                    role_word: str | None = None, unknown_party: bool = False) -> str | None:
        """The person named last before ``pos``; the sentence's subject if it names several.

        ``party`` keeps only people of that party (``unknown_party``: only people with
        none); ``gender`` drops people the article already refers to otherwise (by
        title, or by an earlier pronoun); ``role_word`` keeps people whose role has it.
        """
        def fits(name: str) -> bool:
            their_party = self.party_of(name)[0]
            if (party is not None and their_party != party) or (unknown_party and their_party is not None):
                return False
            if gender is not None and self.gender.get(name, gender) != gender:
                return False
            return role_word is None or role_word in (self.role_of(name) or "").lower().split()

        earlier = [e for e in self.events if e.pos < pos and fits(e.canonical)]
        if not earlier:
            return None
        last_sentence = max(e.sent_start for e in earlier)
        in_sentence = [e for e in earlier if e.sent_start == last_sentence]
        subjects = [e for e in in_sentence if e.is_subject]
        return (subjects or in_sentence)[-1].canonical

    def mention_at(self, token: Token) -> _Mention | None:
        return self._by_token.get(token.i)


# -- cues and subjects -------------------------------------------------------
def _is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_LEMMAS


def _subject(verb: Token, analysis: ArticleAnalysis) -> Token | None:
    for child in verb.children:
        if child.dep_ not in _SUBJECT_DEPS or child.pos_ == "PUNCT":
            continue
        if not analysis.is_masked(child):
            return child
        # '"...," the senator said' sometimes parses the speaker as an apposition of the quote.
        for appos in child.children:
            if appos.dep_ == "appos" and not analysis.is_masked(appos):
                return appos
    return None


def _cue_subject(cue: Token, analysis: ArticleAnalysis) -> tuple[Token | None, Token]:
    """The subject of ``cue``, climbing to the verb it hangs from ("but said", "adding")."""
    verb = cue
    for _ in range(4):
        subject = _subject(verb, analysis)
        if subject is not None:
            return subject, verb
        if verb.dep_ not in _CLIMB_DEPS or verb.head is verb:
            break
        verb = verb.head
    # "said X": the speaker placed after the verb and parsed as an object.
    for child in cue.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod") and not analysis.is_masked(child):
            return child, cue
    return None, cue


def _according_to(sent: Span) -> Token | None:
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            for child in token.nbor().children:
                if child.dep_ == "pobj":
                    return child
    return None


def _in_quote_paragraph(text: str, quote: Quote, pos: int) -> bool:
    """True when no paragraph break lies between ``pos`` and the quote."""
    lo, hi = sorted((pos, quote.open_mark if pos < quote.open_mark else quote.close_mark))
    return "\n" not in text[lo:hi]


def _choose_cue(anchor: Token, sent: Span, text: str, quote: Quote) -> Token | None:
    """The cue verb governing the quote, else the nearest one; never one in another paragraph."""
    for ancestor in anchor.ancestors:
        if ancestor.sent != sent:
            break
        if _is_cue(ancestor) and _in_quote_paragraph(text, quote, ancestor.idx):
            return ancestor
    cues = [t for t in sent if _is_cue(t) and _in_quote_paragraph(text, quote, t.idx)]
    return min(cues, key=lambda t: abs(t.i - anchor.i)) if cues else None


@dataclass
class _Speaker:
    name: str | None
    kind: str | None
    role: str | None
    party: str | None
    party_evidence: str | None
    method: str
    confidence: float


def _role_text(phrase: Span, name_span: Span | None) -> str | None:
    tokens = [t for t in phrase if name_span is None or not (name_span.start <= t.i < name_span.end)]
    while tokens and (tokens[0].pos_ in ("DET", "PUNCT", "ADP") or tokens[0].lower_ in ("'s",)):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ in ("PUNCT", "ADP", "DET"):
        tokens = tokens[:-1]
    text = "".join(t.text_with_ws for t in tokens).strip()
    return text or None


def _resolve_subject(subject: Token, analysis: ArticleAnalysis, pos: int) -> _Speaker:
    doc = analysis.doc
    phrase = doc[subject.left_edge.i:subject.i + 1]
    lower = subject.lower_
    if lower in PERSONAL_PRONOUNS:
        gender = PRONOUN_GENDER[lower]
        name = analysis.last_person(pos, gender=gender)
        if name:
            analysis.gender.setdefault(name, gender)
            party, evidence = analysis.party_of(name)
            return _Speaker(name, "person", analysis.role_of(name), party, evidence, "pronoun", 0.85)
        return _Speaker(None, None, None, None, None, "none", 0.2)

    # The name may be the subject itself, or an apposition to a role ("AAP leader Chadha").
    mention = analysis.mention_at(subject)
    is_role = lower in ROLE_NOUNS or subject.lemma_.lower() in ROLE_NOUNS
    if mention is None:
        # Under a role noun only an apposition is the person: "Rajya Sabha member" names a house.
        name_deps = ("appos",) if is_role else ("appos", "compound")
        candidates = [c for c in subject.children if c.dep_ in name_deps]
        if is_role:  # "the Democratic senator from Vermont, Bernie Sanders"
            candidates += [t for t in subject.subtree if t.dep_ == "appos" and t.head is not subject]
        for child in candidates:
            found = analysis.mention_at(child)
            if found and found.person_like:
                mention = found
                phrase = doc[min(subject.left_edge.i, mention.span.start):max(subject.i, mention.span.end - 1) + 1]
                break
    if mention is None and lower in PUBLICATION_NOUNS:
        for prep in subject.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "by", "from"):
                for obj in prep.children:
                    if obj.dep_ == "pobj" and analysis.mention_at(obj):
                        pub = analysis.mention_at(obj)
                        phrases = analysis._context_phrases(pub)
                        party = next(filter(None, (analysis._phrase_party(p, exclude=pub.span) for p in phrases)), None)
                        return _Speaker(pub.name, "publication", subject.text, party.name if party else None,
                                        phrases[0].text if phrases else None, "publication", 0.85)

    if mention is not None:
        party = analysis.kb.party_named(mention.name)
        if party is not None:
            return _Speaker(party.name, "organisation", None, party.name, mention.name, "organisation", 0.85)
        if not mention.person_like and any(t.ent_type_ in ("ORG", "NORP") for t in mention.span):
            return _Speaker(mention.name, "organisation", None, None, None, "organisation", 0.7)
        canonical, how = analysis.canonical(mention.name, pos)
        local = analysis._phrase_party(phrase, exclude=mention.span)
        party, evidence = (local.name, phrase.text) if local else analysis.party_of(canonical)
        confidence = 0.95 if how == "name" and len(canonical.split()) > 1 else 0.9 if how != "name" else 0.7
        role = _role_text(phrase, mention.span) or analysis.role_of(canonical)
        return _Speaker(canonical, "person", role, party, evidence, how, confidence)

    if is_role:
        wanted = analysis._phrase_party(phrase)
        name = analysis.last_person(pos, wanted.name if wanted else None)
        if name is None and wanted is not None:
            # Nobody is named with that party: the last person whose role fits and whose party is unknown.
            name = analysis.last_person(pos, role_word=subject.lemma_.lower(), party=None, unknown_party=True)
        role = _role_text(phrase, None)
        if name:
            party, evidence = analysis.party_of(name)
            if party is None and wanted is not None:
                party, evidence = wanted.name, phrase.text
            return _Speaker(name, "person", role, party, evidence, "role", 0.8)
        return _Speaker(None, None, role, wanted.name if wanted else None, phrase.text if wanted else None, "none", 0.3)
    if lower in ANONYMOUS_NOUNS or subject.lemma_.lower() in ANONYMOUS_NOUNS:
        return _Speaker(None, "anonymous", _role_text(phrase, None), None, None, "anonymous", 0.5)
    named = analysis.kb.party_named(subject.text)
    if named is not None:  # "the Congress said"
        return _Speaker(named.name, "organisation", None, named.name, phrase.text, "organisation", 0.85)
    if subject.ent_type_ in ("ORG", "NORP"):
        return _Speaker(subject.text, "organisation", None, None, None, "organisation", 0.6)
    return _Speaker(None, None, None, None, None, "none", 0.2)


def _anchor_token(doc: Doc, quote: Quote) -> Token | None:
    start, end = quote.segments[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _next_sentence(sent: Span) -> Span | None:
    return sent.doc[sent.end].sent if sent.end < len(sent.doc) else None


def _paragraph_bounds(text: str, quote: Quote) -> tuple[int, int]:
    start = text.rfind("\n", 0, quote.open_mark) + 1
    end = text.find("\n", quote.close_mark)
    return start, end if end >= 0 else len(text)


def _is_whole_sentence(sent: Span, analysis: ArticleAnalysis, text: str, quote: Quote) -> bool:
    """True when the quote's sentence, within its paragraph, is nothing but the quote."""
    start, end = _paragraph_bounds(text, quote)
    return all(t.is_punct or t.is_space or analysis.is_masked(t) for t in sent if start <= t.idx < end)


def _paragraphs_between(text: str, earlier: Quote, later: Quote) -> int:
    """0 when both quotes are in one paragraph, 1 when ``later`` opens the next one, and so on."""
    between = text[earlier.close_mark:later.open_mark]
    if "\n" not in between:
        return 0
    return 1 + sum(1 for line in between.split("\n")[1:-1] if line.strip())


def attribute_quotes(doc: Doc, quotes: list[Quote], kb: KnowledgeBase, text: str, date: str | None = None) -> list[Attribution]:
    """One :class:`Attribution` per quote of ``text``, in order; ``doc`` is its masked parse."""
    analysis = ArticleAnalysis(doc, quotes, kb, date)
    results: list[Attribution] = []
    previous: tuple[Quote, _Speaker] | None = None
    for quote in quotes:
        anchor = _anchor_token(doc, quote)
        if anchor is None:
            results.append(Attribution(None, None, None, None, None, None, "", 0.0, "none"))
            continue
        sent = anchor.sent
        cue = _choose_cue(anchor, sent, text, quote)
        evidence_sent = sent
        if cue is None:  # '"...." He said.' split into two sentences
            nxt = _next_sentence(sent)
            if nxt is not None and len(nxt) <= 12 and _in_quote_paragraph(text, quote, nxt.start_char):
                cue = next((t for t in nxt if _is_cue(t)), None)
                evidence_sent = nxt if cue is not None else sent
        speaker = None
        cue_text = None
        if cue is not None:
            subject, verb = _cue_subject(cue, analysis)
            cue_text = cue.text
            if subject is not None:
                speaker = _resolve_subject(subject, analysis, quote.open_mark)
        if speaker is None:
            source = _according_to(sent)
            if source is not None:
                cue_text = "according to"
                speaker = _resolve_subject(source, analysis, quote.open_mark)
        if (speaker is None or speaker.name is None) and previous is not None and not quote.is_fragment:
            prev_quote, prev_speaker = previous
            if prev_speaker.name and _is_whole_sentence(sent, analysis, text, quote) and _paragraphs_between(text, prev_quote, quote) <= 1:
                speaker = _Speaker(prev_speaker.name, prev_speaker.kind, prev_speaker.role, prev_speaker.party,
                                   prev_speaker.party_evidence, "continuation", 0.6)
        if speaker is None:
            speaker = _Speaker(None, None, None, None, None, "none", 0.0)
        if speaker.name and speaker.kind == "person" and cue is not None:
            analysis.events.append(_Event(cue.idx, evidence_sent.start_char, speaker.name, True))
            analysis.events.sort(key=lambda e: e.pos)
        confidence = round(speaker.confidence * (0.9 if quote.is_fragment else 1.0), 3)
        results.append(Attribution(
            speaker=speaker.name,
            speaker_kind=speaker.kind,
            role=speaker.role,
            party=speaker.party,
            party_evidence=speaker.party_evidence,
            cue=cue_text,
            evidence=text[evidence_sent.start_char:evidence_sent.end_char].strip(),
            confidence=confidence,
            method=speaker.method,
        ))
        previous = (quote, speaker)
    return results
