"""What a rich text says, apart from its markup: its words and its link targets."""

from html.parser import HTMLParser

BREAKING_TAGS = ("p", "li", "h2", "h3", "h4", "br", "div")


class _RichTextReader(HTMLParser):
    """Collects a rich text's words and link targets, ignoring how it is marked up."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words, self.targets = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("a", "embed"):
            target = attributes.get("href") or attributes.get("id") or ""
            self.targets.append(f"{tag}:{attributes.get('linktype', '')}:{target}")
        if tag in BREAKING_TAGS:
            self.words.append(" ")

    def handle_data(self, data):
        self.words.append(data)


def collapse(text):
    """Text with every run of whitespace made one space."""
    return " ".join(str(text or "").split())


def rich_text_meaning(html):
    """{"text": the words, "links": the link targets} of a rich text (Wagtail's database HTML)."""
    reader = _RichTextReader()
    reader.feed(html or "")
    reader.close()
    return {"text": collapse("".join(reader.words)), "links": reader.targets}


def rich_text_words(html):
    return rich_text_meaning(html)["text"]
