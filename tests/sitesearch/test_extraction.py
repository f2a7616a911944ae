"""Text extraction from uploaded documents: real PDF, OOXML and OpenDocument files built here, no database."""

import io
import logging
import time
import zipfile

from django.core.files.base import ContentFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from demo.pdf import one_page_pdf
from sitesearch.extraction import (
    EMPTY,
    FAILED,
    OK,
    TOO_LARGE,
    TRUNCATED,
    UNSUPPORTED,
    ExtractedText,
    extract_text,
)

CZECH = "Muzeum průmyslové kultury v Ostravě"
POLISH = "Dziedzictwo kultury przemysłowej Łodzi"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


# Building real files ---------------------------------------------------------------------------------------


def pdf_pages(*pages):
    """A PDF with one page per list of lines, made of demo.pdf's one-page files joined by pypdf."""
    writer = PdfWriter()
    for lines in pages:
        writer.append(PdfReader(io.BytesIO(one_page_pdf(lines))))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def encrypted_pdf(user_password):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(one_page_pdf(["Confidential minutes of the steering committee"]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def archive(members, compression=zipfile.ZIP_DEFLATED):
    """A ZIP file with the given {name: text or bytes} members, as office applications write them."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression) as zip_file:
        for name, content in members.items():
            zip_file.writestr(name, content.encode() if isinstance(content, str) else content)
    return output.getvalue()


def docx(*paragraphs, extra=""):
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}{extra}</w:body></w:document>'
    return archive({"word/document.xml": document})


def slide(text):
    return (
        f"<p:sld {A} {P}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p>"
        "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )


def odf(body):
    return archive(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF}><office:body>{body}'
            "</office:body></office:document-content>",
        }
    )


def extract(data, filename, **limits):
    return extract_text(io.BytesIO(data), filename, **limits)


# PDF -------------------------------------------------------------------------------------------------------


def test_pdf_text_is_found_with_its_page_count():
    result = extract(one_page_pdf(["Industrial heritage in Central Europe", "Workshop in   Chemnitz"]), "report.pdf")

    assert result == ExtractedText("Industrial heritage in Central Europe\nWorkshop in Chemnitz", OK, 1)


def test_django_file_at_its_end_is_read_from_the_start_and_left_where_it_was():
    upload = ContentFile(one_page_pdf(["Regional identity survey"]), name="survey.pdf")
    upload.read()

    result = extract_text(upload, "survey.pdf")

    assert result.status == OK
    assert "Regional identity survey" in result.text
    assert upload.tell() == upload.size


def test_stream_that_cannot_seek_or_tell_its_size_is_read():
    class ReadOnly(io.RawIOBase):
        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    result = extract_text(ReadOnly(one_page_pdf(["Streamed upload"])), "streamed.pdf")

    assert result.status == OK
    assert result.text == "Streamed upload"


def test_nul_characters_in_pdf_text_are_removed():
    result = extract(one_page_pdf(["Nul\x00l separated"]), "nul.pdf")

    assert result.status == OK
    assert "\x00" not in result.text
    assert result.text == "Null separated"


def test_page_limit_keeps_the_first_pages():
    data = pdf_pages(["Page one: Ostrava"], ["Page two: Lodz"], ["Page three: Chemnitz"], ["Page four: Torino"])

    result = extract(data, "long.pdf", max_pages=2)

    assert result.status == TRUNCATED
    assert result.pages == 2
    assert "Ostrava" in result.text and "Lodz" in result.text
    assert "Chemnitz" not in result.text


def test_all_pages_within_the_limits_are_read():
    result = extract(pdf_pages(["Page one: Ostrava"], ["Page two: Lodz"], ["Page three: Chemnitz"]), "three.pdf")

    assert result == ExtractedText("Page one: Ostrava\nPage two: Lodz\nPage three: Chemnitz", OK, 3)


def test_character_limit_cuts_the_text():
    data = pdf_pages(["Page one: Ostrava"], ["Page two: Lodz " + "museum " * 40], ["Page three: Chemnitz"])

    result = extract(data, "long.pdf", max_chars=60)

    assert result.status == TRUNCATED
    assert len(result.text) <= 60
    assert result.text.startswith("Page one: Ostrava\nPage two: Lodz museum")
    assert "Chemnitz" not in result.text


def test_time_limit_stops_between_pages_after_the_first():
    data = pdf_pages(["Page one: Ostrava"], ["Page two: Lodz"], ["Page three: Chemnitz"])

    result = extract(data, "slow.pdf", time_limit=0)

    assert result.status == TRUNCATED
    assert result.pages == 1
    assert result.text == "Page one: Ostrava"


def test_pdf_that_needs_a_password_fails_and_says_so_in_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="sitesearch.extraction"):
        result = extract(encrypted_pdf("open-sesame"), "minutes.pdf")

    assert result == ExtractedText("", FAILED, None)
    assert "minutes.pdf" in caplog.text


def test_pdf_encrypted_only_against_printing_is_read():
    result = extract(encrypted_pdf(""), "minutes.pdf")

    assert result.status == OK
    assert result.text == "Confidential minutes of the steering committee"


def test_truncated_pdf_fails_without_raising_and_pypdf_stays_quiet(caplog):
    data = pdf_pages(["Page one: Ostrava"], ["Page two: Lodz"])

    with caplog.at_level(logging.DEBUG):
        result = extract(data[: len(data) // 2], "broken.pdf")

    assert result.status == FAILED
    assert result.text == ""
    messages = [(record.name, record.getMessage()) for record in caplog.records]
    assert [name for name, _ in messages] == ["sitesearch.extraction"]
    assert "broken.pdf" in messages[0][1] and "PdfStreamError" in messages[0][1]


def test_garbage_named_pdf_fails():
    assert extract(b"%PDF-1.7\n" + bytes(range(256)) * 40, "garbage.pdf").status == FAILED


def test_scanned_pdf_without_text_is_empty():
    scan = io.BytesIO()
    Image.new("L", (400, 560), 230).save(scan, "PDF")

    result = extract(scan.getvalue(), "scan.pdf")

    assert result == ExtractedText("", EMPTY, 1)


def test_zero_byte_file_is_empty():
    assert extract(b"", "nothing.pdf") == ExtractedText("", EMPTY, None)
    assert extract(b"", "nothing.docx").status == EMPTY


def test_file_over_the_byte_limit_is_not_read():
    data = one_page_pdf(["Industrial heritage"])

    assert extract(data, "big.pdf", max_bytes=len(data) - 1) == ExtractedText("", TOO_LARGE, None)
    assert extract(data, "big.pdf", max_bytes=len(data)).status == OK


# Legacy and unknown formats --------------------------------------------------------------------------------


def test_legacy_office_files_and_unknown_extensions_are_unsupported():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

    assert extract(ole2, "Minutes.DOC") == ExtractedText("", UNSUPPORTED, None)
    assert extract(ole2, "budget.xls").status == UNSUPPORTED
    assert extract(b"plain text", "notes.txt").status == UNSUPPORTED
    assert extract(b"plain text", "no-extension").status == UNSUPPORTED


# Office Open XML -------------------------------------------------------------------------------------------


def test_docx_paragraphs_keep_their_diacritics():
    tracked_deletion = f"<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del><w:r><w:t>{POLISH}</w:t></w:r></w:p>"
    result = extract(docx(CZECH, extra=tracked_deletion), "newsletter.docx")

    assert result == ExtractedText(f"{CZECH}\n{POLISH}", OK, None)


def test_docx_runs_tabs_and_breaks():
    paragraph = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        '<w:r><w:t>průmyslové</w:t></w:r><w:r><w:t xml:space="preserve"> kultury</w:t><w:tab/><w:t>Ostrava</w:t>'
        "<w:br/><w:t>2026</w:t></w:r></w:p>"
    )
    data = archive({"word/document.xml": f"<w:document {W}><w:body>{paragraph}</w:body></w:document>"})

    assert extract(data, "runs.docx") == ExtractedText("průmyslové kultury Ostrava\n2026", OK, None)


def test_pptx_slides_are_read_in_the_order_they_are_shown():
    presentation = (
        f'<p:presentation {P} {R}><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/>'
        "</p:sldIdLst></p:presentation>"
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"'
        ' Target="slides/slide1.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"'
        ' Target="slides/slide2.xml"/></Relationships>'
    )
    data = archive(
        {
            "ppt/presentation.xml": presentation,
            "ppt/_rels/presentation.xml.rels": relationships,
            "ppt/slides/slide1.xml": slide(POLISH),
            "ppt/slides/slide2.xml": slide(CZECH),
        }
    )

    assert extract(data, "talk.pptx") == ExtractedText(f"{CZECH}\n{POLISH}", OK, None)


def test_pptx_without_presentation_part_reads_slides_in_numeric_order():
    slides = {f"ppt/slides/slide{number}.xml": slide(f"Slide {number}") for number in (10, 2, 1)}

    assert extract(archive(slides), "talk.pptx").text == "Slide 1\nSlide 2\nSlide 10"


def test_xlsx_shared_and_inline_strings_are_found():
    shared = f'<sst {S} count="2"><si><t>{CZECH}</t></si><si><r><t>Łódź </t></r><r><t>2026</t></r></si></sst>'
    sheet = (
        f'<worksheet {S}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>42</v></c>'
        f'<c r="C1" t="inlineStr"><is><t>{POLISH}</t></is></c></row></sheetData></worksheet>'
    )
    data = archive({"xl/sharedStrings.xml": shared, "xl/worksheets/sheet1.xml": sheet})

    assert extract(data, "budget.xlsx") == ExtractedText(f"{CZECH}\nŁódź 2026\n{POLISH}", OK, None)


# OpenDocument ----------------------------------------------------------------------------------------------


def test_odt_headings_paragraphs_spans_and_spaces():
    body = (
        f"<office:text><text:h>{CZECH}</text:h>"
        '<text:p>Kultura<text:s text:c="3"/><text:span>przemysłowej</text:span><text:tab/>Łódź'
        "<text:line-break/>druga linia<office:annotation><text:p>editor comment</text:p></office:annotation></text:p>"
        "</office:text>"
    )

    result = extract(odf(body), "article.odt")

    assert result == ExtractedText(f"{CZECH}\nKultura przemysłowej Łódź\ndruga linia", OK, None)


def test_odp_frames_and_ods_cells_are_found():
    presentation = (
        f"<office:presentation><draw:page><draw:frame><draw:text-box><text:p>{CZECH}</text:p>"
        "</draw:text-box></draw:frame></draw:page></office:presentation>"
    )
    spreadsheet = (
        f"<office:spreadsheet><table:table><table:table-row><table:table-cell><text:p>{POLISH}</text:p>"
        "</table:table-cell><table:table-cell><text:p>2026</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet>"
    )

    assert extract(odf(presentation), "talk.odp") == ExtractedText(CZECH, OK, None)
    assert extract(odf(spreadsheet), "data.ods") == ExtractedText(f"{POLISH}\n2026", OK, None)


def test_time_limit_stops_between_paragraphs_after_the_first():
    result = extract(docx("First paragraph", "Second paragraph"), "slow.docx", time_limit=0)

    assert result == ExtractedText("First paragraph", TRUNCATED, None)


def test_character_limit_applies_to_office_files():
    result = extract(docx(CZECH, POLISH), "long.docx", max_chars=len(CZECH) + 5)

    assert result.status == TRUNCATED
    assert result.text.startswith(CZECH)
    assert len(result.text) <= len(CZECH) + 5


# Broken and hostile archives -------------------------------------------------------------------------------


def test_zip_bomb_main_part_fails_without_being_inflated():
    # Well-formed so far: only the declared size can tell it apart from a large document.
    start = f"<w:document {W}><w:body><w:p><w:r><w:t>{CZECH}</w:t></w:r></w:p>".encode()
    bomb = archive({"word/document.xml": start + b" " * (60 * 1024 * 1024)})
    assert len(bomb) < 100_000

    started = time.monotonic()
    result = extract(bomb, "bomb.docx")

    assert result.status == FAILED
    assert time.monotonic() - started < 0.5


def test_zip_bomb_slide_keeps_the_slides_before_it():
    bomb = archive({"ppt/slides/slide1.xml": slide(CZECH), "ppt/slides/slide2.xml": bytes(60 * 1024 * 1024)})

    started = time.monotonic()
    result = extract(bomb, "bomb.pptx")

    assert result == ExtractedText(CZECH, TRUNCATED, None)
    assert time.monotonic() - started < 0.5


def test_xml_entity_expansion_fails():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    )

    assert extract(archive({"word/document.xml": laughs}), "laughs.docx") == ExtractedText("", FAILED, None)


def test_archive_with_too_many_members_fails():
    members = {f"customXml/item{number}.xml": "" for number in range(10_001)}
    members["word/document.xml"] = f"<w:document {W}><w:body><w:p><w:r><w:t>{CZECH}</w:t></w:r></w:p></w:body></w:document>"

    assert extract(archive(members, zipfile.ZIP_STORED), "many.docx").status == FAILED


def test_broken_office_files_fail():
    assert extract(b"PK\x03\x04 not really a zip", "broken.docx").status == FAILED
    assert extract(archive({"word/other.xml": "<x/>"}), "no-document.docx").status == FAILED
    assert extract(archive({"content.xml": "<office:document-content"}), "cut.odt").status == FAILED
    assert extract(one_page_pdf(["A PDF named docx"]), "misnamed.docx").status == FAILED


def test_deeply_nested_xml_does_not_overflow_the_stack():
    depth = 100_000
    body = "<w:p>" + "<w:r>" * depth + f"<w:t>{CZECH}</w:t>" + "</w:r>" * depth + "</w:p>"
    data = archive({"word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>"})

    assert extract(data, "deep.docx") == ExtractedText(CZECH, OK, None)


def test_slide_limit_keeps_the_first_slides():
    slides = {f"ppt/slides/slide{number}.xml": slide(f"Slide {number}") for number in (1, 2, 3)}

    assert extract(archive(slides), "talk.pptx", max_pages=2) == ExtractedText("Slide 1\nSlide 2", TRUNCATED, None)
