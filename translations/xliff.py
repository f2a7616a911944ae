"""XLIFF 1.2 files for outside translators: writing with the standard library, reading with defusedxml.

One <file> element per page, one <trans-unit> per text. Each unit names its page, its field (for an
inline child's field "relation.child-id.field"), for a StreamField's text the block path, and carries a
hash of the English text and of the translation as they were at export time, so the import can tell a
changed English text or a translation changed since the export. Rich text travels as its HTML, escaped
as text (datatype "html"); inline XLIFF markup (<g>, <x/>) in a returned file is refused.
"""

import xml.etree.ElementTree as ET  # noqa: S405 - used for writing only; files are read with defusedxml
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
OUR_NS = "urn:x-inducult:translations"
ET.register_namespace("", XLIFF_NS)
ET.register_namespace("inducult", OUR_NS)

NOT_TRANSLATED_STATES = {"new", "needs-translation"}
UNREVIEWED_STATES = NOT_TRANSLATED_STATES | {"needs-review-translation", "needs-adaptation", "needs-l10n"}


class XliffError(ValueError):
    """A file that is not an XLIFF 1.2 file of this site; the message says why, for the person uploading it."""


@dataclass
class ExportUnit:
    unit_id: str
    page_id: int
    unit_key: str
    block_path: str
    source: str
    target: str | None
    source_hash: str
    target_hash: str
    is_html: bool
    note: str


@dataclass
class ExportFile:
    page_id: int
    title: str
    url: str
    units: list


@dataclass
class ImportedUnit:
    unit_id: str
    language: str
    page_id: int | None
    unit_key: str
    block_path: str
    source_hash: str
    target_hash: str
    target: str | None
    state: str


def _q(name, namespace=XLIFF_NS):
    return f"{{{namespace}}}{name}"


def write(files, *, language, source_language="en"):
    """The XLIFF 1.2 document (bytes, UTF-8) for a list of ExportFile."""
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    for export_file in files:
        file_element = ET.SubElement(
            root,
            _q("file"),
            {
                "original": f"page/{export_file.page_id}",
                "source-language": source_language,
                "target-language": language,
                "datatype": "plaintext",
                _q("page", OUR_NS): str(export_file.page_id),
            },
        )
        header = ET.SubElement(file_element, _q("header"))
        ET.SubElement(header, _q("note")).text = (
            f"{export_file.title} – {export_file.url}" if export_file.url else export_file.title
        )
        body = ET.SubElement(file_element, _q("body"))
        for unit in export_file.units:
            attributes = {
                "id": unit.unit_id,
                "resname": unit.unit_key + (f"/{unit.block_path}" if unit.block_path else ""),
                "datatype": "html" if unit.is_html else "plaintext",
                _q("page", OUR_NS): str(unit.page_id),
                _q("unit", OUR_NS): unit.unit_key,
                _q("source-hash", OUR_NS): unit.source_hash,
                _q("target-hash", OUR_NS): unit.target_hash,
            }
            if unit.block_path:
                attributes[_q("block", OUR_NS)] = unit.block_path
            element = ET.SubElement(body, _q("trans-unit"), attributes)
            ET.SubElement(
                element, _q("source"), {"{http://www.w3.org/XML/1998/namespace}lang": source_language}
            ).text = unit.source
            if unit.target:
                ET.SubElement(
                    element,
                    _q("target"),
                    {"{http://www.w3.org/XML/1998/namespace}lang": language, "state": "needs-review-translation"},
                ).text = unit.target
            if unit.note:
                ET.SubElement(element, _q("note")).text = unit.note
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _attribute(element, name):
    return element.get(_q(name, OUR_NS), element.get(name, ""))


def read(data):
    """The trans-units of an uploaded file, as ImportedUnit; XliffError for anything that is not one of ours.

    DTDs, entity declarations and external references are refused before anything is parsed (defusedxml).
    """
    if not data or not data.strip():
        raise XliffError(_("The file is empty."))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XliffError(_("The file declares a DTD or entities, which are not accepted.")) from None
    except ET.ParseError as error:
        raise XliffError(_("The file is not well-formed XML (%(error)s).") % {"error": error}) from None
    except (ValueError, UnicodeError):
        raise XliffError(_("The file is not XML in a text encoding this site reads.")) from None
    if _local(root.tag) != "xliff" or root.get("version") != "1.2":
        raise XliffError(_("The file is not an XLIFF 1.2 document."))
    units = []
    for file_element in _children(root, "file"):
        language = (file_element.get("target-language") or "").strip()
        if not language:
            raise XliffError(_("A <file> element has no target language."))
        for body in _children(file_element, "body"):
            for element in body.iter():
                if _local(element.tag) != "trans-unit":
                    continue
                units.append(_read_unit(element, language))
    if not units:
        raise XliffError(_("The file contains no translation units."))
    return units


def _read_unit(element, language):
    targets = _children(element, "target")
    target, state = None, ""
    if targets:
        target_element = targets[0]
        state = target_element.get("state", "")
        if len(target_element):
            # Inline markup would be flattened into plain text and lose the rich text's structure.
            target = False
        else:
            target = target_element.text or ""
    page = _attribute(element, "page")
    return ImportedUnit(
        unit_id=element.get("id", ""),
        language=language,
        # isascii: "²".isdigit() is true, and int() refuses it; more than 18 digits is no page id either.
        page_id=int(page) if page.isascii() and page.isdigit() and len(page) <= 18 else None,
        unit_key=_attribute(element, "unit"),
        block_path=_attribute(element, "block"),
        source_hash=_attribute(element, "source-hash"),
        target_hash=_attribute(element, "target-hash"),
        target=target,
        state=state,
    )
