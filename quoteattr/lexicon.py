"""Word lists the attribution rules read. Data, not logic: extend freely.

The large lists are data files in ``quoteattr/data`` built by scripts in ``scripts/``:
``cue_verbs.txt`` (verbs of speech, from WordNet) and ``first_names.csv`` (first names with the
share of women who bear them, for pronouns).
"""
from __future__ import annotations

import csv
import functools
from importlib import resources


def _data(name: str):
    return resources.files("quoteattr").joinpath("data", name)


# News uses these to introduce quotes though WordNet ranks another sense first.
_EXTRA_CUES = """
continue tweet post retweet fume gush lament chime recall blast slam laugh muse marvel observe
reason quip scoff interject write text email caution testify plead concede rail rant hit fire
shoot snap bristle counter echo pledge vow brag rave sneer jeer
""".split()


@functools.lru_cache(maxsize=1)
def cue_lemmas() -> frozenset[str]:
    """Lemmas of verbs that introduce reported speech."""
    words = set(_EXTRA_CUES)
    for line in _data("cue_verbs.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.add(line.strip())
    return frozenset(words)


# The verbs a reporter uses for attribution itself: they outrank other cue verbs in a sentence.
STRONG_CUES = frozenset("""
say tell add ask write tweet post continue explain note insist argue reply respond answer claim
recall warn declare acknowledge admit concede remark state announce told
""".split())

# Nouns for someone's words: "Stalin's statement that ...", "in Trump's words".
STATEMENT_NOUNS = frozenset("""
statement remark remarks comment comments word words claim claims assertion tweet post speech
message letter allegation charge accusation description jibe barb dig taunt warning promise
pledge vow call appeal demand advice assurance quip retort reply response answer interview
argument view views position stance announcement testimony
""".split())

# Verbs that take a quote as their object without being speech ("called it", "described as").
NAMING_VERBS = frozenset("call describe dub label brand term name characterize characterise".split())


@functools.lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Lower-case first name -> "f" or "m", for names borne mostly by one sex."""
    path = _data("first_names.csv")
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name"]: row["gender"] for row in csv.DictReader(handle) if row.get("gender") in ("f", "m")}


# Head nouns of a role phrase that stands for a person ("the Congress leader said").
ROLE_NOUNS = frozenset("""
leader member mp mla mlc minister spokesperson spokesman spokeswoman president chief secretary
chairman chairperson chairwoman chair convener convenor in-charge incharge senator congressman
congresswoman representative governor mayor lawmaker legislator official candidate veteran
founder head director ceo premier chancellor treasurer whip speaker deputy councillor councilor
mep peer strategist aide adviser advisor lop nominee contender campaigner activist prime vice
general nominee host anchor co-anchor correspondent reporter editor columnist commentator analyst
pollster professor economist lawyer attorney judge justice ambassador commissioner superintendent
manager co-founder chairman-elect president-elect sheriff pastor reverend rabbi imam bishop
cardinal pope king queen prince princess sultan emir general colonel captain admiral officer
inspector detective coach founder owner executive investor billionaire businessman businesswoman
historian scientist researcher author writer novelist actor actress singer comedian journalist
strategist operative consultant organizer organiser volunteer delegate elector voter resident
student teacher doctor nurse worker farmer veteran surrogate nominee incumbent challenger
frontrunner front-runner hopeful rival opponent critic supporter ally backer donor fundraiser
lobbyist activist advocate expert observer insider source spokesperson supremo patriarch
coordinator co-coordinator co-ordinator co-convenor co-convener co-chair co-chairman vice-president
""".split())

# Roles that are offices a person holds (not relations to someone, as critic or ally are).
OFFICE_NOUNS = frozenset("""
leader member mp mla mlc minister spokesperson spokesman spokeswoman president chief secretary
chairman chairperson chairwoman chair convener convenor in-charge incharge senator congressman
congresswoman representative governor mayor lawmaker legislator official head director whip
speaker deputy councillor councilor mep lop general-secretary treasurer
""".split())

# Short forms of roles, and the words they stand for: "the Assam CM" is a chief minister.
ROLE_ABBREVIATIONS = {
    "cm": {"chief", "minister"}, "pm": {"prime", "minister"}, "lop": {"leader", "opposition"},
    "mp": {"member", "parliament"}, "mla": {"member", "legislative", "assembly"},
    "mlc": {"member", "legislative", "council"}, "dy": {"deputy"}, "gov": {"governor"},
    "sen": {"senator"}, "rep": {"representative"}, "potus": {"president"},
}


def expand_roles(words: set[str]) -> set[str]:
    """Role words with their short forms spelled out and spelled-out forms shortened."""
    out = set(words)
    for short, long_ in ROLE_ABBREVIATIONS.items():
        if short in words:
            out |= long_
        if long_ <= words:
            out.add(short)
    return out


# Words in front of a name that are titles, never part of the name.
TITLE_WORDS = frozenset("""
mr mrs ms miss mx dr shri smt sri shrimati kumari prof sir dame lord lady hon rev sen sens rep reps
gov govs pm cm lt gen col capt sgt adm cmdr maj pres supt insp dy dept amb atty ald cllr
president senator governor congressman congresswoman representative minister secretary mayor
justice judge chief speaker chairman chairwoman professor pastor reverend rabbi imam bishop
cardinal pope king queen prince princess sheikh general colonel captain admiral commissioner
ambassador attorney sheriff deputy vice former late then acting interim ex
""".split())

# Nouns naming a text rather than a person: "said the editorial in Saamana".
PUBLICATION_NOUNS = frozenset("""
editorial statement report article column post tweet letter release note communique
communiqué bulletin op-ed blog newsletter mouthpiece newspaper daily memo affidavit petition
complaint filing ad advertisement spot video
""".split())

# Subjects that are people but name nobody.
ANONYMOUS_NOUNS = frozenset("""
source sources official officials insider insiders aide aides people person observers experts
analysts residents witnesses voters supporters critics protesters demonstrators activists
leaders members workers staff staffers advisers advisors spokesperson spokesman spokeswoman
someone somebody anyone many others some few most several both all
""".split())

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
PERSONAL_PRONOUNS = frozenset({"he", "she"})
# Titles that say how the article refers to a person, and so which pronoun fits them.
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "shri": "m", "king": "m", "prince": "m",
                "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "smt": "f",
                "shrimati": "f", "kumari": "f", "queen": "f", "princess": "f", "congresswoman": "f",
                "chairwoman": "f", "spokeswoman": "f", "businesswoman": "f", "actress": "f",
                "congressman": "m", "chairman": "m", "spokesman": "m", "businessman": "m"}

# Particles inside a person's name: "Pierre de Vos", "Sophie in 't Veld", "Osama bin Laden".
NAME_PARTICLES = frozenset("de del della der den di da das dos du la le van von bin ibn al el ul ud 't".split())

# Capitalised words that name an organisation rather than a person when they end a name-like run.
ORG_WORDS = frozenset("""
news times post journal herald tribune express telegraph gazette chronicle daily weekly magazine
network channel radio television tv press agency party committee council commission department
ministry office house senate congress assembly parliament court university college institute
school foundation association union league federation group campaign pac fund bank inc corp
company corporation co ltd llc center centre club society board bureau service services church
police army navy force forces administration government state states city county sabha
parishad secretariat tower towers building hall street avenue square airport station
""".split())
