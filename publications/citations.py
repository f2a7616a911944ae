"""Citations (a readable reference, BibTeX and RIS) and schema.org data for publications."""

import re
import unicodedata

from django.utils.html import strip_tags
from django.utils.translation import get_language

PUBLISHER = "InduCult2.0 – Interreg CENTRAL EUROPE"
SCHEMA_TYPES = {"book": "Book", "article": "ScholarlyArticle", "report": "Report", "video": "VideoObject"}
BIBTEX_TYPES = {"book": "book", "article": "article", "report": "techreport", "video": "misc"}
RIS_TYPES = {"book": "BOOK", "article": "JOUR", "report": "RPRT", "video": "VIDEO"}


def _plain(text):
    return " ".join(strip_tags(text or "").split())


def citation_text(publication, *, request, partners=None):
    """A reference in the author–date style: Authors (Year). Title. Code. Publisher. URL

    `partners`: the authoring partners when the caller has them already (named when no author is)."""
    if partners is None:
        partners = publication.authoring_partners.all()
    authors = "; ".join(publication.author_list) or "; ".join(partner.title for partner in partners)
    parts = [
        f"{authors} ({publication.publication_date.year})." if authors else f"({publication.publication_date.year}).",
        f"{publication.title}.",
    ]
    if publication.output_code:
        parts.append(f"Output {publication.output_code}.")
    parts.append(f"{PUBLISHER}.")
    parts.append(request.build_absolute_uri(publication.url))
    return " ".join(parts)


def _citation_key(publication):
    first_author = publication.author_list[0].split(",")[0] if publication.author_list else "InduCult"
    ascii_name = unicodedata.normalize("NFKD", first_author).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]", "", ascii_name) + str(publication.publication_date.year) + f"-{publication.pk}"


def _bibtex_escape(value):
    return value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")


def bibtex(publication, *, request):
    kind = publication.publication_type.citation_kind
    fields = {
        "title": publication.title,
        "author": " and ".join(publication.author_list),
        "year": str(publication.publication_date.year),
        "publisher": PUBLISHER,
        "institution": PUBLISHER if kind == "report" else "",
        "number": publication.output_code,
        "url": request.build_absolute_uri(publication.url),
        "abstract": _plain(publication.abstract),
    }
    lines = [f"@{BIBTEX_TYPES.get(kind, 'misc')}{{{_citation_key(publication)},"]
    lines += [f"  {name} = {{{_bibtex_escape(value)}}}," for name, value in fields.items() if value]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(publication, *, request):
    kind = publication.publication_type.citation_kind
    lines = [f"TY  - {RIS_TYPES.get(kind, 'GEN')}", f"TI  - {publication.title}"]
    lines += [f"AU  - {author}" for author in publication.author_list]
    lines += [
        f"PY  - {publication.publication_date.year}",
        f"DA  - {publication.publication_date:%Y/%m/%d}",
        f"PB  - {PUBLISHER}",
    ]
    if publication.output_code:
        lines.append(f"M1  - {publication.output_code}")
    if publication.abstract:
        lines.append(f"AB  - {_plain(publication.abstract)}")
    lines.append(f"UR  - {request.build_absolute_uri(publication.url)}")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def structured_data(publication, *, request, files, partners):
    kind = publication.publication_type.citation_kind
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(kind, "CreativeWork"),
        "name": publication.title,
        "url": request.build_absolute_uri(publication.url),
        "datePublished": publication.publication_date.isoformat(),
        "inLanguage": sorted({file.language for file in files}) or [get_language()],
        "author": [{"@type": "Person", "name": name} for name in publication.author_list]
        or [{"@type": "Organization", "name": partner.title} for partner in partners],
        "publisher": {"@type": "Organization", "name": PUBLISHER},
        "associatedMedia": [
            {
                "@type": "MediaObject",
                "contentUrl": request.build_absolute_uri(file.document.url),
                "encodingFormat": file.document.content_type,
                "contentSize": file.document.get_file_size(),
                "inLanguage": file.language,
            }
            for file in files
        ],
    }
    if publication.output_code:
        data["identifier"] = publication.output_code
    if publication.abstract:
        data["abstract"] = _plain(publication.abstract)
    if publication.licence_url:
        data["license"] = publication.licence_url
    return data
