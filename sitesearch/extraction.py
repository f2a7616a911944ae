"""Plain text out of the documents editors upload (PDF, OOXML, OpenDocument), for the site search.

`extract_text` reads one uploaded file within fixed limits and always answers with an `ExtractedText`:
the text (whitespace normalised, safe to store in PostgreSQL) and a status saying how far it got. It never
raises, because an upload must not turn into a server error just because its text could not be read.

What is read:

- PDF with pypdf, page by page. A file that is only "encrypted" to restrict printing or copying (an
  empty user password) is read; one that needs a password to open is FAILED. Without the `cryptography`
  package pypdf reads only RC4-encrypted files, so AES-encrypted ones are FAILED too.
- docx, pptx, xlsx (Office Open XML) and odt, odp, ods (OpenDocument): ZIP archives of XML parts, read with
  `zipfile` and parsed with defusedxml (no DTD entities, no external references), one paragraph at a time.
- Legacy binary .doc, .xls and .ppt are UNSUPPORTED: there is no maintained pure-Python reader for them
  (they would need LibreOffice or antiword/catdoc on the server), and new uploads are mostly OOXML anyway.

The limits protect the upload request from hostile or merely huge files: a byte limit on the file, a page
limit (PDF pages, pptx slides), a character limit on the text kept, a limit on the uncompressed bytes read
from a ZIP archive and on its number of members (zip bombs), pypdf's own decompression limits (PDF stream
bombs), and a time limit. The time limit is checked between units of work (PDF pages, XML paragraphs and
parts): a single PDF page already being read is not interrupted. Python cannot stop a running call from
outside: signals (SIGALRM) only reach the main thread, which a threaded server's request does not run in,
and threads cannot be killed. pypdf's own limits bound the work one page can cause; a hard wall-clock
limit would need a separate process.
"""

import io
import logging
import re
import struct
import time
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from defusedxml import ElementTree
from pypdf import PasswordType, PdfReader
from pypdf import apply_configuration as pypdf_configuration

OK = "ok"
EMPTY = "empty"  # read, but no text in it (a scanned PDF, an empty document)
TRUNCATED = "truncated"  # a limit stopped the reading: the text up to that point is kept
TOO_LARGE = "too_large"  # not read at all: the file is over the byte limit
UNSUPPORTED = "unsupported"  # legacy binary Office formats and unknown extensions
FAILED = "failed"  # broken, password-protected or hostile

MAX_BYTES = 30 * 1024 * 1024  # the largest document upload the site accepts (INDUCULT_MAX_DOCUMENT_SIZE)
MAX_PAGES = 300
MAX_CHARS = 200_000
TIME_LIMIT = 10  # seconds
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # XML read out of one OOXML/ODF archive, all parts together
MAX_ZIP_MEMBERS = 10_000  # real office files have dozens or hundreds

PDF_EXTENSIONS = {"pdf"}
OOXML_EXTENSIONS = {"docx", "pptx", "xlsx"}
ODF_EXTENSIONS = {"odt", "odp", "ods"}
LEGACY_EXTENSIONS = {"doc", "xls", "ppt"}

logger = logging.getLogger(__name__)

# pypdf logs every robustness fix it applies to a broken file (hundreds of lines for one bad upload).
# Quiet it unless the project's LOGGING configures the "pypdf" logger itself; our own warning says what failed.
_pypdf_logger = logging.getLogger("pypdf")
if _pypdf_logger.level == logging.NOTSET:
    _pypdf_logger.setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class ExtractedText:
    """The text found in one document and how far the reading got."""

    text: str  # paragraphs and pages separated by "\n", runs of spaces collapsed, no NUL characters
    status: str  # OK, EMPTY, TRUNCATED, TOO_LARGE, UNSUPPORTED or FAILED
    pages: int | None = None  # PDF pages read; None for other formats


class _LimitReached(Exception):
    """A limit on a ZIP archive stopped the reading (FAILED if no text was found before it, else TRUNCATED)."""


def extract_text(
    file, filename, *, max_bytes=MAX_BYTES, max_pages=MAX_PAGES, max_chars=MAX_CHARS, time_limit=TIME_LIMIT
) -> ExtractedText:
    """Read the text of an uploaded document within the limits; never raises.

    `file` is a binary file-like object (an upload, a Django File, a storage file opened "rb"), read from
    the start and left at the position it had; `filename` only supplies the extension.
    """
    extension = PurePath(str(filename or "")).suffix.lower().lstrip(".")
    if extension in LEGACY_EXTENSIONS or extension not in PDF_EXTENSIONS | OOXML_EXTENSIONS | ODF_EXTENSIONS:
        return ExtractedText("", UNSUPPORTED)
    deadline = time.monotonic() + time_limit
    try:
        data = _read_within(file, max_bytes)
        if data is None:
            logger.info("Text of %s not extracted: over %d bytes", filename, max_bytes)
            return ExtractedText("", TOO_LARGE)
        if not data:
            return ExtractedText("", EMPTY)
        collector = _Collector(max_chars, deadline)
        if extension in PDF_EXTENSIONS:
            return _read_pdf(data, filename, collector, max_pages)
        return _read_zip(data, extension, collector, max_pages)
    except Exception as error:  # noqa: BLE001 - whatever a parser raises on a hostile file, incl. RecursionError, MemoryError
        logger.warning("Text extraction failed for %s: %s: %s", filename, type(error).__name__, str(error)[:200])
        return ExtractedText("", FAILED)


# Reading the upload --------------------------------------------------------------------------------------


def _read_within(file, max_bytes):
    """The whole file as bytes, or None if it is larger than max_bytes (known without reading it if possible)."""
    size = _known_size(file)
    if size is not None and size > max_bytes:
        return None
    try:
        position = file.tell()
        file.seek(0)
    except (AttributeError, OSError, ValueError):
        position = None  # not seekable: read from where it is
    try:
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = file.read(min(1024 * 1024, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return None if total > max_bytes else b"".join(chunks)
    finally:
        if position is not None:
            file.seek(position)


def _known_size(file):
    try:
        size = getattr(file, "size", None)
        if isinstance(size, int):
            return size
    except (AttributeError, OSError, ValueError):
        pass
    try:
        position = file.tell()
        end = file.seek(0, io.SEEK_END)
        file.seek(position)
        return end
    except (AttributeError, OSError, ValueError):
        return None


# Text normalisation and limits -----------------------------------------------------------------------------

# NUL is refused by PostgreSQL text columns; lone surrogates (from broken PDF font maps) cannot be encoded as
# UTF-8 at all, so psycopg would fail on them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")


def normalise(text):
    """Text with runs of whitespace collapsed to one space, one line per non-empty line, nothing unstorable."""
    text = _CONTROL.sub(" ", _UNSTORABLE.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


class _Collector:
    """Gathers the normalised text of successive units (pages, paragraphs) until a limit is reached."""

    def __init__(self, max_chars, deadline):
        self.max_chars = max_chars
        self.deadline = deadline
        self.pieces = []
        self.length = 0
        self.truncated = False

    def out_of_time(self):
        """True (and the result truncated) once the time limit has passed; call it before each unit but the first."""
        if time.monotonic() < self.deadline:
            return False
        self.truncated = True
        return True

    def add(self, raw):
        """Add one unit of text; False once the character limit is reached and reading should stop."""
        text = normalise(raw)
        if not text:
            return True
        room = self.max_chars - self.length - (1 if self.pieces else 0)
        if len(text) > room:
            self.truncated = True
            if room > 0:
                self.pieces.append(text[:room].rstrip())
            return False
        self.pieces.append(text)
        self.length += len(text) + (1 if len(self.pieces) > 1 else 0)
        return True

    def result(self, pages=None):
        text = "\n".join(piece for piece in self.pieces if piece)
        status = TRUNCATED if self.truncated else OK if text else EMPTY
        return ExtractedText(text, status, pages)


# PDF -------------------------------------------------------------------------------------------------------


def _read_pdf(data, filename, collector, max_pages):
    # jbig2dec is an external program pypdf would start to decode JBIG2 images; text needs no images.
    with pypdf_configuration(jbig2dec_binary=None):
        # PdfReader tries the empty password itself; decrypt("") tells whether that opened the file.
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            logger.warning("Text extraction failed for %s: the PDF needs a password", filename)
            return ExtractedText("", FAILED)
        page_count = len(reader.pages)
        if page_count > max_pages:
            collector.truncated = True
        pages_read = failed_pages = 0
        first_error = None
        for index in range(min(page_count, max_pages)):
            if index and collector.out_of_time():
                break
            pages_read += 1
            try:
                page_text = reader.pages[index].extract_text()
            except Exception as error:  # noqa: BLE001 - one broken page should not lose the others
                failed_pages += 1
                first_error = first_error or error
                continue
            if not collector.add(page_text):
                break
    if failed_pages:
        logger.warning(
            "Text extraction failed for %d of %d pages of %s: %s: %s",
            failed_pages,
            pages_read,
            filename,
            type(first_error).__name__,
            str(first_error)[:200],
        )
        if failed_pages == pages_read:
            return ExtractedText("", FAILED)
    return collector.result(pages_read)


# OOXML and OpenDocument ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _XmlText:
    """Where the text is in one kind of XML part (element names without their namespace)."""

    paragraphs: frozenset  # each outermost one becomes a line
    text: frozenset  # elements whose own text is content (empty: all text and tails are, as in ODF)
    breaks: dict  # empty elements that stand for a character
    skip: frozenset  # subtrees that are not content


# Word, PowerPoint (DrawingML) and Excel share element names: t for text runs, p for paragraphs.
# Matching local names also covers "Strict" OOXML, which uses other namespace URIs.
_OOXML_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
# pPr/rPr hold formatting (w:tabs/w:tab are tab stops, not tabs); mc:Fallback repeats mc:Choice for old readers;
# rPh is a phonetic reading, delText a tracked deletion, instrText a field code.
_OOXML_SKIP = frozenset({"pPr", "rPr", "Fallback", "rPh", "delText", "instrText"})
_WORD = _XmlText(frozenset({"p"}), frozenset({"t"}), _OOXML_BREAKS, _OOXML_SKIP)
_SHARED_STRINGS = _XmlText(frozenset({"si"}), frozenset({"t"}), _OOXML_BREAKS, _OOXML_SKIP)
_INLINE_STRINGS = _XmlText(frozenset({"is"}), frozenset({"t"}), _OOXML_BREAKS, _OOXML_SKIP)
# ODF: text:p and text:h hold mixed content; text:s is a space, annotations are comments, tracked-changes
# holds deleted text.
_ODF = _XmlText(
    frozenset({"p", "h"}),
    frozenset(),
    {"s": " ", "tab": "\t", "line-break": "\n", "soft-page-break": ""},
    frozenset({"annotation", "tracked-changes", "note-citation"}),
)
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _read_zip(data, extension, collector, max_slides):
    _check_member_count(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        budget = _Budget(MAX_UNCOMPRESSED_BYTES)
        if extension == "docx":
            parts = [("word/document.xml", _WORD, True), ("word/footnotes.xml", _WORD, False)]
            parts.append(("word/endnotes.xml", _WORD, False))
        elif extension == "pptx":
            slides = _slide_names(archive, budget)
            if len(slides) > max_slides:
                collector.truncated = True
            parts = [(name, _WORD, False) for name in slides[:max_slides]]
        elif extension == "xlsx":
            parts = [("xl/sharedStrings.xml", _SHARED_STRINGS, False)]
            parts += [(name, _INLINE_STRINGS, False) for name in _numbered(archive, "xl/worksheets/sheet")]
        else:
            parts = [("content.xml", _ODF, True)]
        try:
            for number, (name, kind, required) in enumerate(parts):
                if number and collector.out_of_time():
                    break
                if not _read_part(archive, name, kind, required, budget, collector):
                    break
        except _LimitReached:
            if not collector.pieces:
                raise
            collector.truncated = True
    return collector.result()


def _check_member_count(data):
    """Refuse archives with more members than an office file has, before zipfile builds an entry for each."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        raise zipfile.BadZipFile("no end of central directory")
    (members,) = struct.unpack("<H", data[end + 10 : end + 12])
    if members > MAX_ZIP_MEMBERS:  # 0xFFFF also means ZIP64, which no office file of this size needs
        raise _LimitReached(f"{members} members in the archive")


class _Budget:
    """The uncompressed bytes still allowed out of the archive."""

    def __init__(self, remaining):
        self.remaining = remaining

    def open(self, archive, name):
        info = archive.getinfo(name)
        # The declared size is checked first, so a bomb is refused without inflating any of it; the reader
        # also counts what it actually inflates, in case the declared size lies.
        if info.file_size > self.remaining:
            raise _LimitReached(f"{name} would inflate to {info.file_size} bytes")
        return _CountingReader(archive.open(info), self)


class _CountingReader:
    def __init__(self, stream, budget):
        self.stream = stream
        self.budget = budget

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stream.close()

    def read(self, size=-1):
        chunk = self.stream.read(size if 0 <= size <= self.budget.remaining + 1 else self.budget.remaining + 1)
        self.budget.remaining -= len(chunk)
        if self.budget.remaining < 0:
            raise _LimitReached("archive inflates beyond the limit")
        return chunk


def _read_part(archive, name, kind, required, budget, collector):
    """Add the paragraphs of one XML part; False once a limit says stop."""
    try:
        stream = budget.open(archive, name)
    except KeyError:
        if required:
            raise zipfile.BadZipFile(f"no {name} in the archive") from None
        return True
    with stream:
        for number, paragraph in enumerate(_paragraphs(stream, kind)):
            if number and collector.out_of_time():
                return False
            if not collector.add(paragraph):
                return False
    return True


def _paragraphs(stream, kind):
    """The text of each outermost paragraph of an XML part, parsed incrementally and dropped once read."""
    open_elements = []
    paragraph_depth = skip_depth = 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        name = _local_name(element.tag)
        if event == "start":
            open_elements.append(element)
            paragraph_depth += name in kind.paragraphs
            skip_depth += name in kind.skip
            continue
        open_elements.pop()
        paragraph_depth -= name in kind.paragraphs
        skip_depth -= name in kind.skip
        if paragraph_depth:
            continue  # still inside a paragraph, which is read as a whole once it ends
        if name in kind.paragraphs and not skip_depth:
            yield _paragraph_text(element, kind)
        # Whatever has been read goes, so a large part needs memory for one paragraph, not for the tree.
        if open_elements:
            open_elements[-1].remove(element)


def _paragraph_text(paragraph, kind):
    """One paragraph's text, with nested paragraphs (text boxes, notes) on lines of their own."""
    pieces = []
    mixed = not kind.text
    todo = [paragraph]  # elements still to read, and strings (tails, line ends) to emit in order
    while todo:  # a loop rather than recursion: the nesting depth is the file's to choose
        item = todo.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        name = _local_name(item.tag)
        nested = item is not paragraph
        tail = item.tail if mixed and nested and item.tail else ""
        if nested and name in kind.skip:
            todo.append(tail)
            continue
        if nested and name in kind.breaks:
            pieces.append(kind.breaks[name])
            todo.append(tail)
            continue
        if nested and name in kind.paragraphs:
            pieces.append("\n")
            tail = "\n" + tail
        todo.append(tail)
        if item.text and (mixed or name in kind.text):
            pieces.append(item.text)
        todo.extend(reversed(list(item)))
    return "".join(pieces)


def _local_name(tag):
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _slide_names(archive, budget):
    """The slides of a presentation in the order they are shown (the file names' order is the order of creation)."""
    try:
        with budget.open(archive, "ppt/presentation.xml") as presentation:
            slide_ids = [
                element.get(_RELATIONSHIP_ID)
                for element in ElementTree.parse(presentation).iter()
                if _local_name(element.tag) == "sldId"
            ]
        with budget.open(archive, "ppt/_rels/presentation.xml.rels") as relationships:
            targets = {
                element.get("Id"): element.get("Target", "")
                for element in ElementTree.parse(relationships).iter()
                if _local_name(element.tag) == "Relationship"
            }
    except KeyError:
        return _numbered(archive, "ppt/slides/slide")
    members = set(archive.namelist())
    names = []
    for slide_id in slide_ids:
        target = targets.get(slide_id, "")
        name = target.lstrip("/") if target.startswith("/") else "ppt/" + target
        if name in members:
            names.append(name)
    return names or _numbered(archive, "ppt/slides/slide")


def _numbered(archive, prefix):
    """Members named prefix + number + ".xml", in numeric order (slide10 after slide9)."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)\.xml")
    found = [(int(match[1]), name) for name in archive.namelist() if (match := pattern.fullmatch(name))]
    return [name for _, name in sorted(found)]
