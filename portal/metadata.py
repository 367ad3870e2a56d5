"""Remove what a file says about who made it, before it is kept (portal.files).

A survivor's statement saved from a word processor carries the author's name, the organisation and the
computer's user name in its properties; a phone photo carries where it was taken. The privacy notice promises
that none of it is kept:
- PDF: the document information dictionary and the XMP metadata stream (pypdf rewrites the file; a PDF it
  cannot parse is scrubbed in place, each value overwritten with spaces so the file's offsets still hold);
- DOCX, XLSX, PPTX: docProps/core.xml, app.xml and custom.xml replaced by empty properties;
- ODT, ODS: meta.xml replaced by an empty one;
- inside any of these, a JPEG or PNG picture (a phone photo pasted into a statement) re-encoded as below, and
  the archive's own timestamps set to 1980;
- PNG and JPEG: re-encoded by Pillow without EXIF, XMP or text chunks (turned upright first).
Text and CSV carry no metadata.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile

log = logging.getLogger(__name__)


class MetadataError(ValueError):
    """The file could not be read well enough to remove its metadata."""


_CORE_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
             b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>')
_APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>')
_CUSTOM_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>')
_ODF_META = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
             b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             b'office:version="1.2"><office:meta/></office:document-meta>')
_PICTURES = (".jpg", ".jpeg", ".png")
_REPLACEMENTS = {"docProps/core.xml": _CORE_XML, "docProps/app.xml": _APP_XML, "docProps/custom.xml": _CUSTOM_XML,
                 "meta.xml": _ODF_META}


def strip_metadata(kind: str, data: bytes) -> bytes:
    stripper = {"pdf": _pdf, "docx": _zip, "xlsx": _zip, "pptx": _zip, "odt": _zip, "ods": _zip,
                "png": _image, "jpeg": _image}.get(kind)
    return stripper(data) if stripper else data


def _zip(data: bytes) -> bytes:
    try:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                content = _REPLACEMENTS.get(info.filename, None)
                content = src.read(info) if content is None else content
                if info.filename.lower().endswith(_PICTURES) and content[:3] in (b"\xff\xd8\xff", b"\x89PN"):
                    content = _image(content)   # where a photo was taken, and with what
                info.date_time = (1980, 1, 1, 0, 0, 0)   # the archive's own timestamps say when it was made
                dst.writestr(info, content)               # keeps each member's compression (mimetype stored)
        return out.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as exc:
        raise MetadataError(str(exc)) from None


def _pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise MetadataError("encrypted PDF")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        if "/Metadata" in writer.root_object:
            del writer.root_object["/Metadata"]
        # Unlinked is not gone: the old information dictionary and XMP stream would still be written.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except MetadataError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError):
        log.info("a PDF could not be parsed; its metadata is scrubbed in place")
        return _scrub_pdf_bytes(data)


_INFO_KEYS = rb"/(?:Author|Creator|Producer|Title|Subject|Keywords|Company|SourceModified|Manager)"
_LITERAL = re.compile(_INFO_KEYS + rb"\s*\((?:\\.|[^\\)])*\)", re.S)
_HEX = re.compile(_INFO_KEYS + rb"\s*<[0-9A-Fa-f\s]*>")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.S)


def _blank(match: re.Match) -> bytes:
    text = match.group(0)
    # Keep the key and the delimiters, blank what is between: the file's byte offsets stay valid.
    head = re.match(_INFO_KEYS + rb"\s*[(<]", text).group(0)
    return head + b" " * (len(text) - len(head) - 1) + text[-1:]


def _scrub_pdf_bytes(data: bytes) -> bytes:
    data = _LITERAL.sub(_blank, data)
    data = _HEX.sub(_blank, data)
    return _XMP.sub(lambda m: b" " * len(m.group(0)), data)


def _image(data: bytes) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            upright = ImageOps.exif_transpose(im)
            out = io.BytesIO()
            if fmt == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=92, optimize=True)
            else:
                upright.save(out, "PNG", optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise MetadataError(str(exc)) from None
