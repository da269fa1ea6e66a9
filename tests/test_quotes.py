from quoteattr.quotes import find_quotes, mask_quotes


def texts(text):
    return [(q.text, q.is_fragment) for q in find_quotes(text)]


def test_straight_and_curly_quotes_with_offsets():
    text = 'Intro. "We will win," Jane Roe said. \u201cWe will not,\u201d Max Poe said.'
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["We will win", "We will not"]
    assert all(text[q.start:q.end] == q.text for q in quotes)


def test_doubled_single_quotes_are_quote_marks():
    text = "The talks moved in a ''positive direction'' and nothing ''conclusive'' came."
    assert texts(text) == [("positive direction", True), ("conclusive", True)]


def test_nested_single_quotes_stay_inside():
    text = "\"We followed the 'Gathbandhan Dharm' and the BJP's 10 years' misrule ended,\" Singh said."
    [quote] = find_quotes(text)
    assert quote.text == "We followed the 'Gathbandhan Dharm' and the BJP's 10 years' misrule ended"


def test_quote_split_around_cue_is_one_quote():
    text = '"We are ready," she said, "and we will file the papers tomorrow."'
    [quote] = find_quotes(text)
    assert quote.text == "We are ready and we will file the papers tomorrow."
    assert len(quote.segments) == 2 and not quote.is_fragment


def test_separate_sentences_are_not_joined():
    text = '"We are ready," she said. "The papers go in tomorrow."'
    assert len(find_quotes(text)) == 2


def test_multi_paragraph_quote_continues():
    text = 'Officials said:\n\n"The first part goes on.\n\n"The second part ends here," the mayor said.\n\nAfter.'
    [quote] = find_quotes(text)
    assert quote.text == "The first part goes on.\nThe second part ends here"
    assert text[quote.start:quote.start + 10] == "The first "


def test_unbalanced_quote_never_swallows_the_article():
    text = 'He said "this never closes.\n\nNext paragraph is plain.\n\n"A real quote," Ann Lee said.'
    assert texts(text) == [("A real quote", False)]


def test_fragments_versus_full_quotes():
    text = ('The party is offering "good small numbers" of seats. Asked again, he said, "Good small numbers". '
            '"It is over." It would be a "win-win situation" for both.')
    assert texts(text) == [("good small numbers", True), ("Good small numbers", False),
                           ("It is over.", False), ("win-win situation", True)]


def test_garbage_input_never_raises():
    for text in ['"', "''", '"""', '\u201d stray \u201c', '"\n"\n"', "", "''''''", '" "']:
        find_quotes(text)


def test_mask_keeps_offsets_and_cue():
    text = '"We will win the seat, no doubt," Jane Roe said.'
    masked = mask_quotes(text, find_quotes(text))
    assert len(masked) == len(text)
    assert masked.endswith(',"' + " Jane Roe said.")
    assert "win" not in masked


def test_attribution_text_stops_after_the_paragraph_following_the_last_quote():
    from quoteattr.quotes import attribution_text
    text = 'Intro.\n\n"A quote," Al Bo said.\n\nNext paragraph.\n\nUnrelated background.\n\nMore.'
    prefix = attribution_text(text, find_quotes(text))
    assert prefix.endswith("Next paragraph.")
    assert text.startswith(prefix.replace("Qxxxxxx", "A quote"))


def test_lowercase_embedded_quote_with_period_inside_is_a_fragment():
    assert texts('She said the plan would "fight for every vote." Then she left.') == [("fight for every vote.", True)]
    assert texts('He said "We will win." Then he left.') == [("We will win.", False)]


def test_an_unbalanced_mark_inside_a_sentence_never_glues_the_next_paragraphs_quote():
    text = 'He said "this never closes.\n\n"A real quote," Ann Lee said.'
    assert texts(text) == [("A real quote", False)]


def test_a_quote_opening_its_paragraph_still_runs_over_paragraphs():
    text = 'Officials said:\n\n"The first part goes on.\n\n"The second part ends here," the mayor said.'
    assert [q.text for q in find_quotes(text)] == ["The first part goes on.\nThe second part ends here"]


def test_curly_single_marks_as_the_main_quote_marks():
    text = "\u2018We will win all 90 seats,\u2019 Gupta said. Sanders\u2019 rally and the \u201980s came up."
    assert texts(text) == [("We will win all 90 seats", False)]


def test_mixed_closers_and_a_typo_closer():
    text = 'She said \u201cwe will see\u2019\u2019 and called it \u201cabhorrent\u201c in a tweet.'
    assert [q.text for q in find_quotes(text)] == ["we will see", "abhorrent"]


def test_markup_is_never_a_quote():
    text = '<tweet id="672138489358585856" author="@x">We rise</tweet>. "Yes," he said.'
    assert [q.text for q in find_quotes(text)] == ["Yes"]


def test_transcript_in_one_pair_of_marks_is_one_quote_per_speaker():
    text = '"MR. HALE: We agree with the plan. MS. ORTIZ: We do not agree at all."'
    quotes = find_quotes(text)
    assert [(q.label, q.text) for q in quotes] == [("MR. HALE", "We agree with the plan."),
                                                    ("MS. ORTIZ", "We do not agree at all.")]


def test_kinds_titles_terms_and_numbers():
    kinds = {q.text: q.kind for q in find_quotes(
        'Rubio said on ABC\u2019s \u201cThis Week\u201d that the so-called \u201cdeath panels\u201d were a myth, '
        'and the tweet \u201c672138489358585856\u201d was deleted. "We will act," he said.')}
    assert kinds == {"This Week": "title", "death panels": "term", "672138489358585856": "term", "We will act": "speech"}
