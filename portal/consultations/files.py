"""Attachments: PDF, DOCX or ODT, recognised by their content (magic bytes and container structure),
never by their name; kept under CONCERTO_DATA_DIR/consultations/attachments; served only as downloads."""
from __future__ import annotations

import io
import re
import secrets
import zipfile
from pathlib import Path

from flask import current_app

from ..i18n import _

KINDS = {"pdf": "application/pdf",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "odt": "application/vnd.oasis.opendocument.text"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_UNCOMPRESSED = 200 * 1024 * 1024   # a zip bomb is refused before anyone opens it


class AttachmentError(ValueError):
    pass


def max_bytes() -> int:
    return int(current_app.config.get("CONSULTATION_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


def sniff(data: bytes) -> str | None:
    """'pdf', 'docx' or 'odt' when the bytes really are one, else None."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "pdf"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
                return None
            names = {i.filename for i in infos}
            if infos and infos[0].filename == "mimetype" and zf.read("mimetype").strip() == ODT_MIMETYPE \
                    and "content.xml" in names:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names \
                    and not any(n.lower().endswith("vbaproject.bin") for n in names):
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def check(storage) -> tuple[str, bytes, str]:
    """Read an uploaded file; return (kind, bytes, safe display name) or raise a translated error."""
    data = storage.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise AttachmentError(_("The file is larger than %(n)s MB.", n=max_bytes() // (1024 * 1024)))
    if not data:
        raise AttachmentError(_("The file is empty."))
    kind = sniff(data)
    if kind is None:
        raise AttachmentError(_("Only PDF, Word (DOCX) and OpenDocument (ODT) files are accepted. This file is "
                                "not one of them, whatever its name says."))
    stem = Path(storage.filename or "").stem
    stem = re.sub(r"[^\w\- ]+", "", stem, flags=re.UNICODE).strip()[:80] or "attachment"
    return kind, data, f"{stem}.{kind}"


def folder() -> Path:
    path = Path(current_app.config["CONCERTO_DATA_DIR"]) / "consultations" / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    name = secrets.token_hex(20)
    (folder() / name).write_bytes(data)
    return name


def path_of(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{40}", stored_name):
        raise FileNotFoundError(stored_name)
    return folder() / stored_name


def remove(stored_name: str) -> None:
    try:
        path_of(stored_name).unlink()
    except FileNotFoundError:
        pass
