"""Word lists the attribution rules read. Data, not logic: extend freely."""

# Lemmas of verbs that introduce reported speech.
CUE_LEMMAS = frozenset("""
say tell add allege remark urge state claim ask write tweet post announce assert argue insist
explain note observe declare confirm deny reply respond warn suggest stress emphasise emphasize
maintain acknowledge admit comment mention recall reiterate contend counter concede quip charge
accuse criticise criticize slam retort predict promise vow pledge describe told inform brief
testify shout exclaim whisper mutter reveal disclose conclude complain demand question wonder
joke boast agree disagree caution advise assure clarify elaborate highlight underline underscore
opine aver affirm blame dismiss share posit propose recommend point lament hail welcome thunder
""".split())

# Head nouns of a role phrase that stands for a person ("the Congress leader said").
ROLE_NOUNS = frozenset("""
leader member mp mla mlc minister spokesperson spokesman spokeswoman president chief secretary
chairman chairperson chairwoman convener convenor in-charge incharge senator congressman
congresswoman representative governor mayor lawmaker legislator official candidate veteran
founder head director ceo premier chancellor treasurer whip speaker deputy councillor councilor
mep peer strategist aide adviser advisor lop legislator nominee contender campaigner activist
prime vice general
""".split())

# Words in front of a name that are titles or roles, never part of the name.
TITLE_WORDS = frozenset("""
mr mrs ms miss dr shri smt sri prof sir dame lord lady hon rev sen rep gov pm cm
""".split())

# Nouns naming a text rather than a person: "said the editorial in Saamana".
PUBLICATION_NOUNS = frozenset("""
editorial statement report article column post tweet letter release note communique
communiqué bulletin editorial op-ed blog newsletter mouthpiece newspaper daily
""".split())

# Subjects that are people but name nobody.
ANONYMOUS_NOUNS = frozenset("""
source sources official officials insider insiders aide aides people person observers experts
analysts residents witnesses
""".split())

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
# Titles that say how the article refers to a person, and so which pronoun fits them.
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "shri": "m", "mrs": "f", "ms": "f", "miss": "f",
                "dame": "f", "lady": "f", "smt": "f"}
