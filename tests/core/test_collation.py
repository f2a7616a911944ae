"""Sorting as each language's dictionary does: the filters' choices and the partner list in every language."""

from core.collation import sorted_for


def test_czech_puts_ch_after_h_and_its_own_letters_after_their_base():
    countries = ["Chorvatsko", "Hrvatska", "Itálie", "Česko", "Cypr", "Rakousko", "Řecko", "Slovinsko", "Šumava"]
    assert sorted_for(countries, "cs") == [
        "Cypr", "Česko", "Hrvatska", "Chorvatsko", "Itálie", "Rakousko", "Řecko", "Slovinsko", "Šumava"
    ]  # fmt: skip


def test_polish_croatian_and_german_alphabets():
    assert sorted_for(["Żory", "Zabrze", "Źródło", "Łódź", "Lublin"], "pl") == ["Lublin", "Łódź", "Zabrze", "Źródło", "Żory"]
    assert sorted_for(["Njemačka", "Norveška", "Đakovo", "Džep", "Dubrovnik"], "hr") == [
        "Dubrovnik", "Džep", "Đakovo", "Norveška", "Njemačka"
    ]  # fmt: skip
    # German (and English, Italian, Dutch): accents only break ties, "Österreich" sits among the O's.
    assert sorted_for(["Polen", "Österreich", "Niederlande", "Ungarn"], "de") == ["Niederlande", "Österreich", "Polen", "Ungarn"]
    # Without the Czech rules "Ch" would sort before "H".
    assert sorted_for(["Hrvatska", "Chorvatsko"], "en") == ["Chorvatsko", "Hrvatska"]
