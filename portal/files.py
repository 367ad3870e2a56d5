"""The one upload policy, and where files live.

Every file a person sends (progress-report evidence, consultation attachments, roundtable documents) goes
through `check_upload`: the kind is recognised from the content (magic bytes and container structure),
never from the name; zip bombs and macro-enabled Office files are refused; sizes are bounded. Then `store`
keeps it in the database, in the same transaction as the record it belongs to: a rollback leaves no orphan,
every web node reads the same files, and one database backup holds everything. `send` serves a file as a
download only (never rendered inline: a file from a partner is not trusted content).

Metadata that could identify the sender is removed before a file is kept (metadata.py): PDF document
information and XMP, Office and OpenDocument core properties, image EXIF and text chunks.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from urllib.parse import quote

from flask import Response
from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .db import UTCDateTime, utcnow
from .extensions import db
from .filetext import extract_text
from .i18n import _, _l
from .metadata import MetadataError, strip_metadata  # noqa: F401  (strip_metadata re-exported)
from .rules import RuleError

MAX_UNCOMPRESSED = 200 * 1024 * 1024   # a zip bomb is refused before anyone opens it

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."


@dataclass(frozen=True)
class Kind:
    ext: str
    content_type: str
    label: object   # a lazy translated name shown in "accepted: ..."


KINDS: dict[str, Kind] = {k.ext: k for k in (
    Kind("pdf", "application/pdf", _l("PDF")),
    Kind("docx", OOXML + "wordprocessingml.document", _l("Word (DOCX)")),
    Kind("xlsx", OOXML + "spreadsheetml.sheet", _l("Excel (XLSX)")),
    Kind("pptx", OOXML + "presentationml.presentation", _l("PowerPoint (PPTX)")),
    Kind("odt", ODF + "text", _l("OpenDocument text (ODT)")),
    Kind("ods", ODF + "spreadsheet", _l("OpenDocument spreadsheet (ODS)")),
    Kind("png", "image/png", _l("PNG image")),
    Kind("jpeg", "image/jpeg", _l("JPEG image")),
    Kind("csv", "text/csv", _l("CSV")),
    Kind("txt", "text/plain", _l("plain text (TXT)")),
)}
DOCUMENTS = frozenset({"pdf", "docx", "odt"})
EVIDENCE = frozenset(KINDS)

# Office containers: the part that must be present for each kind.
_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_ODF_MIMETYPES = {(ODF + "text").encode(): "odt", (ODF + "spreadsheet").encode(): "ods"}


def sniff(data: bytes, name_hint: str = "") -> str | None:
    """The kind of these bytes (a key of KINDS) when they really are one, else None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    return _sniff_text(data, name_hint)


def _sniff_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                return None
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None  # macros
            if infos and infos[0].filename == "mimetype" and "content.xml" in names:
                return _ODF_MIMETYPES.get(zf.read("mimetype").strip())
            if "[Content_Types].xml" in names:
                for kind, part in _OOXML_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def _sniff_text(data: bytes, name_hint: str) -> str | None:
    # Text has no magic bytes: only a file named as text is taken as text (a "tool.exe" is not).
    ext = PurePath(name_hint.lower()).suffix
    if ext not in (".txt", ".csv", "") or b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "csv" if ext == ".csv" else "txt"


@dataclass(frozen=True)
class Upload:
    """A checked upload, not yet stored."""
    kind: str
    data: bytes
    filename: str

    @property
    def content_type(self) -> str:
        return KINDS[self.kind].content_type

    @property
    def size(self) -> int:
        return len(self.data)


def accepted_label(kinds) -> str:
    return ", ".join(str(k.label) for k in KINDS.values() if k.ext in kinds)


def safe_filename(name: str, kind: str) -> str:
    """A display name from the sender's: no path, no odd characters, the real kind's extension."""
    stem = PurePath((name or "").replace("\\", "/")).stem
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip()[:80] or "file"
    return f"{stem}.{kind}"


def check_upload(storage, *, kinds=DOCUMENTS, max_bytes: int, field: str = "file") -> Upload:
    """Read an uploaded file (a werkzeug FileStorage) and check it, or raise RuleError on `field`."""
    data = storage.read(max_bytes + 1)
    return check_bytes(data, storage.filename or "", kinds=kinds, max_bytes=max_bytes, field=field)


def check_bytes(data: bytes, filename: str, *, kinds=DOCUMENTS, max_bytes: int, field: str = "file") -> Upload:
    if len(data) > max_bytes:
        raise RuleError(field=field, message=_("The file is larger than %(n)s MB.", n=max_bytes // (1024 * 1024)))
    if not data:
        raise RuleError(field=field, message=_("The file is empty."))
    kind = sniff(data, filename)
    if kind not in kinds:
        raise RuleError(field=field, message=_(
            "Only these files are accepted: %(kinds)s. This file is not one of them, whatever its name says.",
            kinds=accepted_label(kinds)))
    try:
        data = strip_metadata(kind, data)
    except MetadataError:
        raise RuleError(field=field, message=_(
            "This file could not be read. Save it again (for example with “Save as” or “Export as PDF”) and "
            "send it again.")) from None
    return Upload(kind=kind, data=data, filename=safe_filename(filename, kind))


class StoredFile(db.Model):
    """A file's bytes, kept in the database with the record that owns it (evidence, attachment)."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # The file's text for search (filetext.py), read when it is stored; None when it has none we can read.
    text: Mapped[str | None] = mapped_column(Text, deferred=True)


def store(upload: Upload) -> StoredFile:
    """Keep the bytes in the current transaction: they exist once it commits, never before."""
    stored = StoredFile(kind=upload.kind, content_type=upload.content_type, size=upload.size,
                        sha256=hashlib.sha256(upload.data).hexdigest(), content=upload.data,
                        text=extract_text(upload.kind, upload.data))
    db.session.add(stored)
    db.session.flush()
    return stored


def discard(stored: StoredFile | None) -> None:
    """Delete a file's bytes with the transaction (withdrawal, retention)."""
    if stored is not None:
        db.session.delete(stored)


def content_disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def send(stored: StoredFile, filename: str) -> Response:
    """A download, never rendered inline, never cached by a shared cache."""
    resp = Response(stored.content, mimetype=stored.content_type)
    resp.headers["Content-Disposition"] = content_disposition(filename)
    resp.headers["Cache-Control"] = "private, no-store"
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return resp
