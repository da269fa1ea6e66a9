"""Personal names across articles: their parts, when two are one person's, and what is no name.

Pure functions over strings (no database, no spaCy). ``Hillary Rodham Clinton``, ``Hillary
Clinton`` and ``Hilary Clinton`` are compatible; ``Bill Clinton`` and ``Hillary Clinton``, or
``Donald Trump`` and ``Donald Trump Jr.``, are not. A speaker "name" that is a place, a
building, a day, a dateline, a pronoun, a headline fragment or a group of people is told apart
here, before it can become a person.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..lexicon import ANONYMOUS_NOUNS, NAME_PARTICLES, ORG_WORDS, ROLE_NOUNS, TITLE_GENDER, TITLE_WORDS, \
    cue_lemmas, first_name_genders
from ..places import is_place

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Honorifics and titles written in front of a name, never part of it.
HONORIFICS = TITLE_WORDS | frozenset({"shri", "smt", "sri", "shrimati", "kumari", "thiru", "selvi", "mr", "mrs",
                                      "ms", "dr", "sen", "rep", "gov", "president", "pres", "sir", "dame"})
# Given names and their short forms ("formal: short short"): the same person may be written
# either way. Two formal names are never one (Alan is not Albert, though both are "Al").
_SHORT_FORMS = """
william: bill will billy willie|robert: bob rob bobby robbie|richard: dick rick ricky rich
james: jim jimmy jamie|joseph: joe joey|michael: mike mick mickey|thomas: tom tommy
edward: ted ed eddie ned|theodore: ted teddy|benjamin: ben benji|christopher: chris|newton: newt
bernard: bernie|charles: chuck charlie|henry: hank harry|elizabeth: liz beth betsy libby lisa
katherine: kate kathy katie|catherine: kate cathy katie|kathryn: kate kathy katie|timothy: tim
daniel: dan danny|david: dave|steven: steve|stephen: steve|jeffrey: jeff|geoffrey: geoff jeff
nicholas: nick|andrew: andy drew|anthony: tony|lawrence: larry|laurence: larry|rudolph: rudy
patrick: pat|patricia: pat patty tricia|samuel: sam|samantha: sam|alexander: alex|alexandra: alex
albert: al|alan: al|allen: al|alfred: al|frederick: fred freddy|francis: frank|gregory: greg
jonathan: jon|john: jack johnny|kenneth: ken kenny|matthew: matt|nathan: nate|nathaniel: nate
peter: pete|philip: phil|phillip: phil|ronald: ron ronnie|russell: russ|susan: sue|vincent: vince
walter: walt|wesley: wes|zachary: zach|abraham: abe|gerald: jerry|jerome: jerry|terrence: terry
terence: terry|donald: don donny|douglas: doug|gabriel: gabe|jacob: jake|joshua: josh|louis: lou
mitchell: mitch|deborah: deb debbie|debra: deb debbie|barbara: barb|cynthia: cindy|jennifer: jen jenny
margaret: maggie peggy meg|megan: meg|sandra: sandy|victoria: vicky|amanda: mandy|rebecca: becky
stanley: stan|leonard: len lenny|raymond: ray|eugene: gene|edwin: ed|edmund: ed|herbert: herb
christine: chris|christina: chris tina|jacqueline: jackie|kimberly: kim|jessica: jess jessie
randolph: randy|randall: randy|bradley: brad|harold: hal harry|maximilian: max|melvin: mel
norman: norm|oliver: ollie|clifford: cliff|frances: fran|gerard: gerry|howard: howie|isaac: ike
dwight: ike|leslie: les|lester: les|mortimer: mort|reginald: reggie|ronald: ron|rodney: rod
roderick: rod|salvatore: sal|stuart: stu|sylvester: sly|thaddeus: tad|theresa: terri tess
"""
SHORT_FORMS: dict[str, frozenset[str]] = {
    formal.strip(): frozenset(shorts.split())
    for formal, shorts in (entry.split(":") for entry in _SHORT_FORMS.replace("\n", "|").split("|") if entry.strip())
}
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
BUILDING_WORDS = frozenset("""tower towers building buildings hall street avenue square airport station plaza
stadium arena bridge road lane boulevard mansion palace centre center""".split())
PRONOUNS = frozenset("""i me my we us our you your he him his she her they them their it its this that these
those who whom everyone everybody someone somebody nobody anyone anybody one""".split())
# Verbs headlines use that are no one's name ("Calls Trump", "Trump Praises Breitbart").
HEADLINE_VERBS = frozenset("""rip slam blast hit attack defend praise back call mock bash knock trash rap tout
urge vow warn push pitch unveil launch reject deny sue visit meet face host join quit sign seek want make
take talk speak tell say accuse endorse fire lash snub dismiss demand claim question target win lose beat
lead trail top tap pick name keep stay go come get see""".split())
# Things said or staged, never a speaker's name ("Trump Speech", "Clinton Rally").
EVENT_NOUNS = frozenset("""speech speeches rally rallies debate debates poll polls video videos tweet tweets
interview interviews ad ads remarks statement statements plan plans
convention caucus caucuses""".split())
# Quantities in front of a group ("some Democrats said"): the group is anonymous.
QUANTIFIERS = frozenset("""some many several few other others most top two three four five senior leading
prominent fellow rank-and-file""".split())


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case, accents and periods dropped, one kind of apostrophe: for comparing names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.lower().replace("\u2019", "'").replace(".", "").strip(",")


@dataclass(frozen=True)
class Name:
    """A personal name in parts; ``given`` holds the first and middle names (folded)."""

    words: tuple[str, ...]  # as written, titles dropped, suffix kept
    given: tuple[str, ...]
    surname: str
    suffix: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def initials(self) -> str:
        return "".join(w[0] for w in (*self.given, *self.surname.split()) if w)

    @property
    def first(self) -> str | None:
        return self.given[0] if self.given else None

    @property
    def single(self) -> bool:
        return not self.given

    @property
    def key(self) -> str:
        return " ".join((*self.given, self.surname, self.suffix)).strip()


@functools.lru_cache(maxsize=1 << 16)
def parse_name(text: str) -> Name:
    """``Sen. Hillary Rodham Clinton`` -> given (hillary, rodham), surname clinton; ``Donald Trump
    Jr.`` keeps its suffix; ``Bill de Blasio`` has the surname ``de blasio``."""
    words = [w for w in re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().split(" ") if w]
    while words and words[-1].lower() in ("'s", "s'"):
        words.pop()
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    while len(words) > 1 and fold(words[0]) in HONORIFICS:
        words = words[1:]
    suffix = ""
    written = list(words)
    if len(words) > 1 and fold(words[-1]) in SUFFIXES:
        suffix = fold(words.pop())
        if words and words[-1].endswith(","):
            words[-1] = words[-1][:-1]
            written[len(words) - 1] = words[-1]
    folded = [fold(w) for w in words if fold(w)]
    if not folded:
        return Name(tuple(written), (), "", suffix)
    start = len(folded) - 1
    while start > 1 and folded[start - 1] in NAME_PARTICLES:
        start -= 1
    return Name(tuple(written), tuple(folded[:start]), " ".join(folded[start:]), suffix)


def _nicknames(a: str, b: str) -> bool:
    """A short form of the other, or two short forms of one formal name (Bill, Will: William)."""
    if b in SHORT_FORMS.get(a, ()) or a in SHORT_FORMS.get(b, ()):
        return True
    return any(a in shorts and b in shorts for shorts in SHORT_FORMS.values())


def given_compatible(a: str, b: str) -> str | None:
    """How first names ``a`` and ``b`` can be one person's: same, initial, nickname, spelling."""
    if a == b:
        return "same"
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return "initial"
    if _nicknames(a, b):
        return "nickname"
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and len(long_) >= 5 and long_.startswith(short):
        return "nickname"  # Stan, Stanley; Chris, Christopher
    if a[0] == b[0] and min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 85:
        return "spelling"
    return None


def _drop_leading_initials(given: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """``H. D. Deve Gowda`` is written ``Deve Gowda``: leading initials the other name lacks go."""
    lead = 0
    while lead < len(given) - 1 and len(given[lead]) == 1:
        lead += 1
    if lead and given[lead:] == other[:len(given) - lead]:
        return given[lead:]
    return given


def compatible(a: Name, b: Name, suffixes: bool = True) -> str | None:
    """Why two full names (first name and surname each) can be one person's, or None.

    Same suffix (unless ``suffixes`` is false); same surname (or, with the same first name, a
    surname misspelt by a letter); first names the same, an initial, a nickname, a spelling
    variant, or the other's initials (Jeb: John Ellis Bush); middle names present in one only,
    or the same, or an initial of each other.
    """
    if a.single or b.single or (suffixes and a.suffix != b.suffix):
        return None
    if a.surname == b.surname and len(a.given) != len(b.given):
        short, long_ = sorted((a, b), key=lambda n: len(n.given))
        if len(short.given) == 1 and short.first == long_.initials and 2 <= len(short.first) <= 4:
            return "first name from initials"
    how = []
    if a.surname != b.surname:
        if not (a.first == b.first and min(len(a.surname), len(b.surname)) >= 6
                and fuzz.ratio(a.surname, b.surname) >= 90):
            return None
        how.append("surname spelling")
    ga, gb = _drop_leading_initials(a.given, b.given), _drop_leading_initials(b.given, a.given)
    first = given_compatible(ga[0], gb[0])
    if first is None:
        return None
    if first != "same":
        how.append(f"first name {first}")
    shorter, longer = sorted((ga[1:], gb[1:]), key=len)
    for i, middle in enumerate(shorter):
        if not any(given_compatible(middle, other) in ("same", "initial") for other in longer):
            return None
    if shorter and longer and given_compatible(shorter[0], longer[0]) not in ("same", "initial"):
        return None
    if ga[1:] != gb[1:]:
        how.append("middle names")
    return ", ".join(how) or "same name"


def gender_of(name: Name, title: str | None = None) -> str | None:
    """The gender a title (Mr., Ms.) or a first name borne mostly by one sex gives."""
    if title and fold(title) in TITLE_GENDER:
        return TITLE_GENDER[fold(title)]
    if name.first and len(name.first) > 1:
        return first_name_genders().get(name.first)
    return None


def title_gender(role: str | None) -> str | None:
    """A gendered title among the words of a role ("Ms.", "Congresswoman")."""
    for word in (role or "").split():
        gender = TITLE_GENDER.get(fold(word))
        if gender:
            return gender
    return None


@functools.lru_cache(maxsize=1)
def _headline_words() -> frozenset[str]:
    """Inflected verbs of speech and headline verbs, and the headline verbs themselves."""
    forms = set()
    for lemma in {w for w in cue_lemmas() if " " not in w and len(w) > 2} | HEADLINE_VERBS:
        if lemma.endswith("e"):
            forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
        else:
            forms |= {lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else "s"),
                      lemma + "ed", lemma + "ing"}
    return frozenset(forms)


def _group_word(word: str) -> bool:
    """A plural noun for people: ``voters``, ``lawmakers``, ``officials``."""
    return word in ANONYMOUS_NOUNS and word.endswith("s") or (word.endswith("s") and word[:-1] in ROLE_NOUNS)


def _name_word(word: str, surnames) -> bool:
    return word in first_name_genders() or surnames(word)


@dataclass(frozen=True)
class NameCheck:
    kind: str  # person, organisation, anonymous, rejected
    name: str  # the name to use (a salvaged or re-cased form)
    reason: str = ""


def check_person_name(name: str, surnames=lambda word: False) -> NameCheck:
    """What a name extraction took for a person's is: a person's (maybe re-cased), an
    organisation (``White House``), an anonymous group (``White Voters``), or no speaker at
    all (a place, a building, a day, a dateline, a pronoun, a headline fragment).

    ``surnames(word)`` says whether a folded word is some known person's surname (the corpus's
    or the knowledge base's): a surname is never taken for a place or a headline verb.
    """
    words = name.split()
    low = [fold(w).strip("'") for w in words]
    if not low or not any(low):
        return NameCheck("rejected", name, "no name")
    if len(low) == 1 and low[0] in PRONOUNS:
        return NameCheck("rejected", name, f"'{name}' is a pronoun, not a name")
    if any(any(ch.isdigit() for ch in w) for w in words):
        return NameCheck("rejected", name, f"'{name}' has digits: not a name")
    if any(w in WEEKDAYS for w in low) or all(w in MONTHS for w in low):
        return NameCheck("rejected", name, f"'{name}' is a day or a month")
    if name.isupper() and len(name.replace(" ", "")) > 4:
        recased = " ".join(w.capitalize() for w in words)
        if is_place(name) or is_place(recased):
            return NameCheck("rejected", name, f"'{name}' is a place in capitals (a dateline)")
        if not all(_name_word(w, surnames) for w in low):
            return NameCheck("rejected", name, f"'{name}' is a heading in capitals, not a name")
        name, words = recased, recased.split()
    if is_place(name) and not (len(low) == 1 and surnames(low[0])):
        return NameCheck("rejected", name, f"'{name}' is a place")
    if len(low) > 1 and low[-1] in BUILDING_WORDS:
        return NameCheck("rejected", name, f"'{name}' is a building or a place")
    if len(low) == 1 and low[0] in ORG_WORDS and not surnames(low[0]):  # "Post", "Council"
        return NameCheck("organisation", name, f"'{name}' is an organisation's word, not a name")
    if len(low) > 1 and low[-1] in ORG_WORDS:
        return NameCheck("organisation", name, f"'{name}' ends with '{words[-1]}': an organisation")
    # An inflected verb anywhere ("Trump Revealed"), a headline verb before the last word ("Hit
    # Trump"), unless it is somebody's name ("Khin Zaw Win").
    if len(low) > 1 and low[-1] in EVENT_NOUNS and not surnames(low[-1]):
        return NameCheck("rejected", name, f"'{name}' is a headline fragment ('{words[-1]}' is no name)")
    groups = [i for i, w in enumerate(low) if _group_word(w)]
    if groups and groups[0] < len(low) - 1:  # "Black Lawmakers Rip Donald Trump": a headline
        return NameCheck("rejected", name, f"'{name}' is a headline fragment (a group, then more words)")
    if len(low) > 1 and low[0] in QUANTIFIERS:  # "Some Democrats"
        return NameCheck("anonymous", name.lower(), f"'{name}' names a group of people, not a person")
    headline = [w for i, w in enumerate(low) if not _name_word(w, surnames)
                and (w in _headline_words() or (w in HEADLINE_VERBS and i < len(low) - 1))]
    if headline:
        return NameCheck("rejected", name, f"'{name}' is a headline fragment ('{headline[0]}' is no name)")
    if any(_group_word(w) for w in low):
        return NameCheck("anonymous", name.lower() if len(low) > 1 else name,
                         f"'{name}' names a group of people, not a person")
    if len(low) == 1 and (low[0] in ROLE_NOUNS or low[0] in TITLE_WORDS) and not surnames(low[0]):
        return NameCheck("rejected", name, f"'{name}' is a title or a role, not a name")
    return NameCheck("person", name)


def determiner_not_initial(name: str, text: str | None) -> str | None:
    """``A Clinton`` read from "A Clinton aide said": the name without the article ``A`` when the
    article ``text`` writes "A <surname>" only before a lower-case word, never as an initial."""
    words = name.split()
    if len(words) != 2 or words[0] != "A" or not text:
        return None
    uses = [m.group(1) for m in re.finditer(rf"\bA {re.escape(words[1])}\b(\W{{0,2}}\w*)", text)]
    if uses and all(u.lstrip(" '\u2019-")[:1].islower() or u.startswith(("'s", "\u2019s")) for u in uses):
        return words[1]
    return None


# Imperatives that open a pointer in the text ("(See Sexton's full timeline below.)"): some
# baby was named See or Read, but a name written this way is the surname alone.
IMPERATIVES = frozenset({"see", "read", "watch", "meet", "listen", "click", "view"})


def leading_non_name(name: str) -> str | None:
    """``Asserting Clinton``, ``See Sexton``: a first word that is a verb form and nobody's first
    name (or an imperative) goes."""
    words = name.split()
    if len(words) < 2:
        return None
    first = fold(words[0])
    if first in IMPERATIVES:
        return " ".join(words[1:])
    if first in first_name_genders():
        return None
    if (first.endswith("ing") and len(first) > 5) or first in _headline_words() or first in HEADLINE_VERBS:
        return " ".join(words[1:])
    return None


def role_before_name(name: str) -> str | None:
    """``Maricopa County Recorder Helen Purcell``: a role (an office, an organisation's words)
    the parse left in front of a name; the name from its first name on."""
    words = name.split()
    if len(words) < 3 or fold(words[0]) in first_name_genders():
        return None
    roles = ORG_WORDS | ROLE_NOUNS | TITLE_WORDS
    for i in range(1, len(words) - 1):
        if fold(words[i]) in first_name_genders() and words[i][:1].isupper():
            if any(fold(w) in roles for w in words[:i]):
                return " ".join(words[i:])
            return None
    return None


def completed_name(name: str, role: str | None, text: str | None) -> str | None:
    """The name as the article writes it in full, when the parse cut it: ``Ban Ki`` of "Ban
    Ki-moon" (a hyphenated last part), ``Brewer`` whose role "Former Arizona governor Jan" took
    the first name ("Jan Brewer")."""
    if not text:
        return None
    words = name.split()
    if len(words) > 1 and len(words[-1]) <= 4 and f"{name}-" in text:  # a substring test first: cheap
        m = re.search(rf"\b{re.escape(name)}-([a-z]+)\b", text)
        if m:
            return f"{name}-{m.group(1)}"
    if len(words) == 1 and role:
        last = role.split()[-1]
        if last[:1].isupper() and last.isalpha() and fold(last) not in HONORIFICS and f"{last} {name}" in text \
                and re.search(rf"\b{re.escape(last)} {re.escape(name)}\b", text):
            return f"{last} {name}"
    return None


def anonymous_group(word: str, evidence: str | None) -> str | None:
    """The unnamed people a party word stands for in ``evidence``: "an Iowa Democrat" -> "Iowa
    Democrat", "some Democrats" -> "some Democrats"; a plural alone ("Democrats said") is the
    group; None when the word is used for the party itself."""
    if evidence:
        m = re.search(rf"\b({_DETERMINERS})((?:\s+[A-Za-z.'\u2019-]+){{0,3}}?)\s+{re.escape(word)}\b", evidence, re.I)
        if m:
            lead = m.group(1).lower()
            label = f"{m.group(2).strip()} {word}".strip()
            return label if lead in ("a", "an", "one", "another") else f"{lead} {label}"
    return word if word.endswith("s") and not word.endswith("ss") else None


_DETERMINERS = "|".join(sorted({"a", "an", "one", "another"} | QUANTIFIERS, key=len, reverse=True))
