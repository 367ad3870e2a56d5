"""The text of a stored file, for search: PDF (pypdf), Word DOCX (python-docx), OpenDocument text (odfpy)
and plain text. Extraction never stops a file from being kept: a file whose text cannot be read is stored
all the same, and the failure is logged with the file's kind and size only, never its content or name."""
from __future__ import annotations

import io
import logging

log = logging.getLogger(__name__)

MAX_CHARS = 200_000     # what the index keeps of one file
MAX_PDF_PAGES = 300


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES])


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _odt(data: bytes) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(text.P) +
                     document.getElementsByType(text.H))


def _txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


EXTRACTORS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "txt": _txt, "csv": _txt}


def extract_text(kind: str, data: bytes) -> str | None:
    """The file's text (whitespace tidied, at most MAX_CHARS), "" when it has none, None when it could not
    be read or its kind has no text we index."""
    extractor = EXTRACTORS.get(kind)
    if extractor is None:
        return None
    try:
        raw = extractor(data)
    except Exception as exc:  # a damaged or odd file: the libraries raise many kinds
        log.warning("text extraction failed for a %s file of %s bytes (%s)", kind, len(data), type(exc).__name__)
        return None
    lines = (" ".join(line.split()) for line in raw.replace("\x00", "").splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]
