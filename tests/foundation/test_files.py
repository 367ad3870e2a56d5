"""The one upload policy (portal/files.py): kinds recognised by content, bombs and macros refused, bytes kept
with the transaction that owns them."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from portal import files
from portal.extensions import db
from portal.rules import RuleError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes], first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if first:
            zf.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}, first="mimetype")
MACRO_DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                   "word/vbaProject.bin": b"\x00" * 10})
BOMB = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * (files.MAX_UNCOMPRESSED + 1)})


@pytest.mark.parametrize("data,name,kind", [
    (PDF, "x.bin", "pdf"), (DOCX, "x.pdf", "docx"), (XLSX, "budget", "xlsx"), (ODT, "n.odt", "odt"),
    (b"\x89PNG\r\n\x1a\n....", "p.png", "png"), (b"\xff\xd8\xff\xe0JFIF", "p.jpg", "jpeg"),
    (b"a,b\n1,2\n", "t.csv", "csv"), ("Texte accentué".encode(), "note.txt", "txt"),
])
def test_the_kind_comes_from_the_content_and_names_the_file(data, name, kind):
    upload = files.check_bytes(data, name, kinds=files.EVIDENCE, max_bytes=2**20)
    assert upload.kind == kind and upload.filename.endswith("." + kind)


@pytest.mark.parametrize("data,name", [
    (b"MZ\x90\x00program", "report.pdf"),    # a program renamed
    (b"plain words", "tool.exe"),            # text only when named as text
    (MACRO_DOCX, "macro.docx"),              # macros
    (BOMB, "bomb.docx"),                     # expands past the limit
    (b"bad\x00text", "n.txt"),
])
def test_what_is_not_an_accepted_file_is_refused_on_its_field(data, name):
    with pytest.raises(RuleError) as info:
        files.check_bytes(data, name, kinds=files.EVIDENCE, max_bytes=2**20, field="evidence_file")
    assert list(info.value.errors) == ["evidence_file"]


def test_size_and_emptiness_and_the_kinds_a_place_accepts():
    with pytest.raises(RuleError, match="larger than 1 MB"):
        files.check_bytes(PDF + b" " * 2**20, "x.pdf", max_bytes=2**20)
    with pytest.raises(RuleError, match="empty"):
        files.check_bytes(b"", "x.pdf", max_bytes=2**20)
    with pytest.raises(RuleError, match="PDF, .*Word"):
        files.check_bytes(XLSX, "x.xlsx", kinds=files.DOCUMENTS, max_bytes=2**20)


def test_the_display_name_has_no_path_and_no_odd_characters():
    upload = files.check_bytes(PDF, "..\\..\\C:/secret/<script>rapport final.exe", max_bytes=2**20)
    assert upload.filename == "scriptrapport final.pdf"


def test_bytes_exist_only_once_their_transaction_commits(app):
    count = lambda: db.session.scalar(select(func.count()).select_from(files.StoredFile))  # noqa: E731
    files.store(files.check_bytes(PDF, "a.pdf", max_bytes=2**20))
    db.session.rollback()
    assert count() == 0
    stored = files.store(files.check_bytes(PDF, "a.pdf", max_bytes=2**20))
    db.session.commit()
    assert count() == 1 and stored.size == len(PDF) and len(stored.sha256) == 64
    files.discard(stored)
    db.session.commit()
    assert count() == 0
