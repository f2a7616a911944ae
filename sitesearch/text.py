"""Words as the search compares them: split, folded (lower case, without accents) and reduced to their base
form in their language, the same way for the pages' text when it is indexed and for a visitor's query.

Base forms come from simplemma's dictionaries (all eight languages of the site, in Python, so SQLite and
PostgreSQL search alike): Czech "průmyslové" and "průmyslová" both become "prumyslovy", German
"Industriekulturen" becomes "industriekultur". Its dictionaries are read from the package the first time a
language is needed (0.1–1.5 s) and kept as front-coded streams, about 90 MB for all eight languages per
process, a tenth of what plain dictionaries take.
"""

import functools
import re
import unicodedata

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

# simplemma names Croatian (and Serbian, Bosnian) by their common code.
LEMMA_LANGUAGES = {"en": "en", "de": "de", "cs": "cs", "pl": "pl", "sl": "sl", "hr": "hbs", "it": "it", "nl": "nl"}
WORD = re.compile(r"\w+")
# Words shorter than this are matched only from their start ("art" must not find "part"); longer ones anywhere
# inside a word too, so that the base of a compound finds it ("kultur" finds "Industriekultur").
INFIX_LENGTH = 5
MAX_TERM_LENGTH = 60

_lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=StreamDictionaryFactory()))


# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def fold_text(text):
    """Lower case without accents: "Průmyslové" → "prumyslove", "Łódź" → "lodz", "Straße" → "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(UNDECOMPOSED)


# Words recur: each is folded once per process. (Whole texts go through fold_text, and are not kept.)
fold = functools.lru_cache(maxsize=200_000)(fold_text)


@functools.lru_cache(maxsize=200_000)
def lemma(word, language):
    """The folded base form of `word` (as written) in `language`; the folded word itself when the dictionary
    does not know it."""
    simplemma_language = LEMMA_LANGUAGES.get(language)
    if simplemma_language is None or word.isdigit():
        return fold(word)
    try:
        return fold(_lemmatizer.lemmatize(word, lang=simplemma_language))
    except (ValueError, RecursionError):  # a word simplemma cannot handle: compare it as written
        return fold(word)


def words(text):
    """The words of a text, as written."""
    return [word for word in WORD.findall(text or "") if len(word) <= MAX_TERM_LENGTH]


def terms(word, language):
    """What one word is indexed and searched as: its folded form and its folded base form."""
    folded, base = fold(word), lemma(word, language)
    return (folded,) if folded == base else (folded, base)


def index_terms(parts):
    """The searchable string of [(text, language)]: each distinct term once, every one preceded by a space
    (so that a search can ask for a term's start with " term")."""
    seen = {}
    for text, language in parts:
        for word in words(text):
            for term in terms(word, language):
                seen.setdefault(term, None)
    return "".join(f" {term}" for term in seen) + (" " if seen else "")


def query_terms(query, language, max_words):
    """[(word, alternatives)] for the words of a visitor's query (at most `max_words`), each with the terms
    that may stand for it."""
    found = []
    for word in words(query)[:max_words]:
        found.append((word, terms(word, language)))
    return found


def pattern(term):
    """What a stored term string must contain for `term` to match: inside a word for long terms, at a word's
    start for short ones."""
    return term if len(term) >= INFIX_LENGTH else f" {term}"
