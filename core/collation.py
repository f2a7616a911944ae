"""Sorting words as a language's dictionary does, without the operating system's locales or ICU: the letters
a language has of its own come after their base letter ("č" after "c" in Czech, "ł" after "l" in Polish),
its two-letter letters count as one ("ch" after "h" in Czech and Slovak, "dž", "lj", "nj" in Croatian),
and elsewhere accents only break ties ("Österreich" sorts as "Osterreich" in German)."""

import functools
import unicodedata

# Per language: the letters sorted as letters of their own, each right after the letter before it in the list's
# order of the Latin alphabet (CLDR's tailorings of these languages, primary differences only).
OWN_LETTERS = {
    "cs": ["c", "č", "h", "ch", "r", "ř", "s", "š", "z", "ž"],
    "pl": ["a", "ą", "c", "ć", "e", "ę", "l", "ł", "n", "ń", "o", "ó", "s", "ś", "z", "ź", "ż"],
    "hr": ["c", "č", "ć", "d", "dž", "đ", "l", "lj", "n", "nj", "s", "š", "z", "ž"],
    "sl": ["c", "č", "s", "š", "z", "ž"],
}


@functools.lru_cache(maxsize=16)
def _alphabet(language):
    """{letter: (rank, tie)} for the language's own letters, and its letters of two characters."""
    own = OWN_LETTERS.get(language, [])
    ranks = {}
    for position, letter in enumerate(own):
        base = letter if len(letter) == 1 and letter.isascii() else None
        if base:
            ranks[letter] = (ord(letter), 0)
        else:
            previous = own[position - 1]
            base_rank, tie = ranks.get(previous, (ord(previous[0]), 0))
            ranks[letter] = (base_rank, tie + 1)
    digraphs = tuple(letter for letter in own if len(letter) == 2)
    return ranks, digraphs


def _plain(char):
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or char


def collation_key(text, language):
    """A sort key for `text` in `language`: primary letters first, accents and case as tie-breakers."""
    ranks, digraphs = _alphabet(language)
    lowered = str(text).casefold()
    primary, i = [], 0
    while i < len(lowered):
        pair = lowered[i : i + 2]
        if pair in digraphs:
            primary.append(ranks[pair])
            i += 2
            continue
        char = lowered[i]
        if char in ranks:
            primary.append(ranks[char])
        else:
            primary.extend((ord(plain), 0) for plain in _plain(char))
        i += 1
    return (tuple(primary), _plain_text(lowered), str(text))


def _plain_text(text):
    return "".join(_plain(char) for char in text)


def sorted_for(items, language, key=lambda item: item):
    """`items` sorted as `language` sorts their `key` text."""
    return sorted(items, key=lambda item: collation_key(key(item), language))
