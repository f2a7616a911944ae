"""Words as the search compares them: the same base form for the inflected forms a visitor types and the
forms a page uses, in each of the site's eight languages."""

import pytest

from sitesearch.text import fold, index_terms, query_terms

# (language, what the page says, what a visitor types): different forms of the same words.
INFLECTED = [
    ("en", "Industrial cultures and mining heritages", "industrial culture heritage"),
    ("de", "Industriekulturen der Regionen", "Industriekultur Region"),
    ("cs", "Zavedení a propagace konceptu průmyslové kultury", "průmyslová kultura"),
    ("pl", "Rozwój przemysłowej kultury regionu", "kultura przemysłowa"),
    ("sl", "Ohranjanje industrijske dediščine", "industrijska dediščina"),
    ("hr", "Očuvanje industrijske baštine", "industrijska baština"),
    ("it", "Le culture industriali delle regioni", "cultura industriale"),
    ("nl", "De industriële cultuur van de regio's", "industrieel cultuur"),
]


@pytest.mark.parametrize(("language", "page_text", "typed"), INFLECTED)
def test_every_word_a_visitor_types_meets_a_form_of_the_pages_word(language, page_text, typed):
    indexed = index_terms([(page_text, language)]).split()
    for word, alternatives in query_terms(typed, language, 8):
        assert any(term in indexed for term in alternatives), (word, alternatives, indexed)


def test_without_base_forms_the_inflected_words_would_not_meet():
    # The test above would pass trivially if folding alone made the forms equal: it does not.
    assert fold("průmyslové") != fold("průmyslová")
    assert fold("przemysłowej") != fold("przemysłowa")


def test_accents_and_case_are_folded_so_visitors_without_a_czech_keyboard_find_the_same():
    assert fold("Průmyslová KULTURA") == "prumyslova kultura"
    assert fold("Łódź") == "lodz"
    assert fold("Straße") == "strasse"
    assert fold("Đakovo") == "dakovo"


def test_each_term_is_stored_once_and_each_preceded_by_a_space():
    terms = index_terms([("Kultura kultura KULTURY", "cs")])
    assert terms.startswith(" ") and terms.endswith(" ")
    assert terms.split().count("kultura") == 1


def test_a_query_keeps_at_most_the_given_number_of_words_and_ignores_punctuation():
    assert [word for word, _terms in query_terms("a, b; c! d", "en", 3)] == ["a", "b", "c"]
    assert query_terms("!!! ... ---", "en", 8) == []
