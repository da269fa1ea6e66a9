"""Each attribution rule, pinned on small articles written for the test."""
import json
from pathlib import Path


from quoteattr.parties import KnowledgeBase

DATA = Path(__file__).resolve().parent / "data"


def one(results, text):
    [match] = [r for r in results if r["quote"].startswith(text)]
    return match


def test_name_said_with_title_stripped_and_role_kept(attribute):
    text = ('"We will cut the deficit by half," Labour shadow chancellor Rachel Reeves said on Monday.')
    r = one(attribute(text), "We will cut")
    assert r["speaker"] == "Rachel Reeves"
    assert r["party"] == "Labour Party"
    assert r["role"] == "Labour shadow chancellor"
    assert r["cue"] == "said"
    assert "Rachel Reeves said" in r["evidence"]


def test_said_before_name_inversion(attribute):
    text = 'Senator Maria Lopez spoke first. "The bill is dead," said Republican senator Tom Baker.'
    r = one(attribute(text), "The bill is dead")
    assert r["speaker"] == "Tom Baker"
    assert r["party"] == "Republican Party"


def test_surname_expands_to_full_name_given_earlier(attribute):
    text = ('Democratic governor Laura Whitfield met reporters on Tuesday.\n\n'
            '"The budget is balanced," Whitfield said.')
    r = one(attribute(text), "The budget")
    assert (r["speaker"], r["party"], r["method"]) == ("Laura Whitfield", "Democratic Party", "surname")


def test_pronoun_resolves_to_last_person_named(attribute):
    text = ('Conservative MP Hugh Dalton said the vote would be close.\n\n'
            '"We have the numbers," he added.')
    r = one(attribute(text), "We have the numbers")
    assert (r["speaker"], r["party"], r["method"]) == ("Hugh Dalton", "Conservative Party", "pronoun")


def test_role_noun_resolves_to_person_of_that_party(attribute):
    text = ('BJP spokesperson Sambit Verma and Congress MP Anil Mehra traded barbs on Monday.\n\n'
            '"The alliance has collapsed," the Congress leader said.')
    r = one(attribute(text), "The alliance")
    assert (r["speaker"], r["party"], r["method"]) == ("Anil Mehra", "Indian National Congress", "role")


def test_party_from_apposition(attribute):
    text = ('Ravi Kiran, the Samajwadi Party general secretary, addressed workers.\n\n'
            '"We will contest every seat," Kiran said.')
    r = one(attribute(text), "We will contest")
    assert (r["speaker"], r["party"]) == ("Ravi Kiran", "Samajwadi Party")


def test_party_from_possessive_premodifier(attribute):
    text = '"Our doors are open," AAP\'s Delhi unit chief Mohan Lal said.'
    r = one(attribute(text), "Our doors")
    assert (r["speaker"], r["party"]) == ("Mohan Lal", "Aam Aadmi Party")


def test_publication_speaker_with_party_from_apposition(attribute):
    text = '"The government has failed," said the editorial in Saamana, the Sena (UBT) mouthpiece.'
    r = one(attribute(text), "The government has failed")
    assert (r["speaker"], r["speaker_kind"], r["party"]) == ("Saamana", "publication", "Shiv Sena (UBT)")


def test_fragment_in_reported_speech_takes_the_sentence_speaker(attribute):
    text = ('Green Party co-leader Carla Denyer said the plan was "deeply flawed" and would be challenged.')
    r = one(attribute(text), "deeply flawed")
    assert r["is_fragment"] is True
    assert r["speaker"] == "Carla Denyer"


def test_split_quote_is_one_attributed_quote(attribute):
    text = '"We are ready," Democratic senator Amy Tran said, "and we will vote tomorrow."'
    [r] = attribute(text)
    assert r["quote"] == "We are ready and we will vote tomorrow."
    assert r["speaker"] == "Amy Tran"


def test_knowledge_base_gives_party_when_article_does_not(attribute):
    text = '"We will win Ohio," Donald Trump said at a rally.'
    r = one(attribute(text, date="2024-10-01"), "We will win Ohio")
    assert r["party"] == "Republican Party"
    assert r["party_evidence"].startswith("knowledge base")


def test_user_knowledge_base_file_adds_speakers(attribute, tmp_path):
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("name,aliases,party,role,valid_from,valid_to\nPriya Nair,,Bharatiya Janata Party,,,\n")
    kb = KnowledgeBase.load(speaker_files=[speakers])
    r = one(attribute('"Growth is strong," Priya Nair said.', kb=kb), "Growth")
    assert r["party"] == "Bharatiya Janata Party"


def test_unknown_date_stays_null_and_known_date_is_kept(attribute):
    assert one(attribute('"Yes, we agree," Jo Park said.'), "Yes")["date"] is None
    assert one(attribute('"Yes, we agree," Jo Park said.', date="2020-05-06"), "Yes")["date"] == "2020-05-06"


def test_continuation_paragraph_keeps_previous_speaker(attribute):
    text = ('"The first point is clear," Liberal Democrat leader Ed Davey said.\n\n'
            '"And the second point follows from it."')
    results = attribute(text)
    r = one(results, "And the second")
    assert (r["speaker"], r["method"]) == ("Ed Davey", "continuation")
    # Never surer than the attribution it continues.
    assert 0 < r["confidence"] < one(results, "The first point")["confidence"]


def test_unattributable_quote_is_kept_without_a_speaker(attribute):
    [r] = attribute('The sign read "Closed for repairs" all week.')
    assert r["speaker"] is None and r["confidence"] < 0.5


def _gold():
    return [json.loads(line) for line in (DATA / "seeds_gold.jsonl").read_text().splitlines() if line.strip()]


def test_seed_gold_quotes_speaker_party_date(nlp):
    from quoteattr.articles import read_articles
    from quoteattr.extract import extract
    from conftest import SEEDS

    found = {}
    for article, quotes in extract(list(read_articles([SEEDS])), nlp):
        for q in quotes:
            found[(Path(article.source).name, q.quote.text.rstrip("."))] = q.to_dict()
    for gold in _gold():
        got = found[(gold["article"], gold["quote"].rstrip("."))]
        assert (got["speaker"], got["party"], got["date"]) == (gold["speaker"], gold["party"], gold["date"]), gold["quote"]


def test_us_party_letter_after_the_name(attribute):
    r = one(attribute('"We\'re not going anywhere," said Senate Majority Leader Chuck Schumer, D-N.Y.'), "We're not")
    assert (r["speaker"], r["party"]) == ("Chuck Schumer", "Democratic Party")


def test_whole_sentence_quote_continues_the_previous_speaker(attribute):
    results = attribute('"The vote is on Thursday," House Speaker Mike Johnson said. "We have the numbers."')
    assert [(r["speaker"], r["method"]) for r in results] == [("Mike Johnson", "name"), ("Mike Johnson", "continuation")]


def test_name_in_apposition_inside_a_role_phrase(attribute):
    r = one(attribute('"It is a sad day," the Democratic senator from Vermont, Bernie Sanders, said.'), "It is a sad day")
    assert (r["speaker"], r["party"]) == ("Bernie Sanders", "Democratic Party")


def test_party_as_speaker_gets_its_canonical_name(attribute):
    r = one(attribute('In a statement, the Congress said: "The government has failed the farmers."'), "The government")
    assert (r["speaker"], r["speaker_kind"], r["party"]) == ("Indian National Congress", "organisation", "Indian National Congress")


def test_hyphenated_name_and_american_in_quote_period(attribute):
    r = one(attribute('White House press secretary Karine Jean-Pierre said the bill was "dead on arrival."'), "dead on arrival")
    assert (r["speaker"], r["is_fragment"]) == ("Karine Jean-Pierre", True)


def test_role_apposition_makes_a_person(attribute):
    r = one(attribute('"We are ready," Nikki Haley, the former governor of South Carolina, said on Tuesday.'), "We are ready")
    assert (r["speaker"], r["speaker_kind"]) == ("Nikki Haley", "person")


def test_pronoun_gender_from_titles_and_earlier_pronouns(attribute):
    text = ('Mr John Brown met Ms Jane Smith on Monday.\n\n"We agreed on everything," she said.\n\n'
            '"It went well," he added.\n\n"We meet again in May," she said.')
    assert [r["speaker"] for r in attribute(text)] == ["Jane Smith", "John Brown", "Jane Smith"]


def test_cue_never_comes_from_the_next_paragraph(attribute):
    text = ('"This bill is dead on arrival," Senate Minority Leader Mitch McConnell told reporters. '
            '"We will not support it in its current form."\n\nDemocrats accused their rivals of playing politics.')
    assert [(r["speaker"], r["method"]) for r in attribute(text)] == [("Mitch McConnell", "name"), ("Mitch McConnell", "continuation")]


def test_role_with_a_party_falls_back_to_the_person_whose_role_fits(attribute):
    text = ('Senate Minority Leader Mitch McConnell spoke first. Senate Majority Leader Chuck Schumer, a New York '
            'Democrat, spoke next.\n\nAsked about the timing, the Republican leader said, "We have been clear from day one."')
    r = one(attribute(text), "We have been clear")
    assert (r["speaker"], r["party"], r["method"]) == ("Mitch McConnell", "Republican Party", "role")
