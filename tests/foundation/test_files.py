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
    ("png", "p.png", "png"), ("jpeg", "p.jpg", "jpeg"),
    (b"a,b\n1,2\n", "t.csv", "csv"), ("Texte accentué".encode(), "note.txt", "txt"),
])
def test_the_kind_comes_from_the_content_and_names_the_file(data, name, kind):
    if data in ("png", "jpeg"):
        data = _image_with_exif(data.upper())
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


# -- metadata that could identify the sender is removed before a file is kept ---------------------------

NAME = "Jeanne Tremblay"


def _readable(data: bytes) -> bytes:
    """The bytes as a reader would find them: an archive's members uncompressed."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return b"".join(zf.read(i) for i in zf.infolist())
    return data


def _pdf_with_metadata() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": NAME, "/Producer": "Refuge du Nord Word 2016", "/Title": "Ma déclaration"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_with_exif(fmt: str) -> bytes:
    from PIL import Image

    im = Image.new("RGB", (8, 6), "white")
    exif = Image.Exif()
    exif[0x013B] = NAME                  # Artist
    exif[0x010F] = "Phone of " + NAME    # Make
    out = io.BytesIO()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Author", NAME)
        im.save(out, "PNG", pnginfo=info, exif=exif)
    else:
        im.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize("name,data", [
    ("d.pdf", _pdf_with_metadata()),
    ("d.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>texte</w:document>",
                     "docProps/core.xml": f"<cp:coreProperties><dc:creator>{NAME}</dc:creator>"
                                          f"</cp:coreProperties>".encode(),
                     "docProps/app.xml": f"<Properties><Company>Refuge {NAME}</Company></Properties>".encode()})),
    ("d.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office>texte</office>",
                    "meta.xml": f"<meta:initial-creator>{NAME}</meta:initial-creator>".encode()}, first="mimetype")),
    ("p.jpg", _image_with_exif("JPEG")),
    ("p.png", _image_with_exif("PNG")),
    # A PDF too broken to parse is scrubbed in place, its offsets kept.
    ("b.pdf", b"%PDF-1.4\n1 0 obj<</Author (" + NAME.encode() + b") /Producer <4A65616E6E65>>>endobj\n"
              b"<x:xmpmeta>" + NAME.encode() + b"</x:xmpmeta>\ntrailer<</Info 1 0 R>>\n%%EOF\n"),
])
def test_what_a_file_says_about_its_author_is_gone_before_it_is_kept(name, data):
    needles = (NAME.encode(), NAME.encode("utf-16-be"), b"Tremblay", b"4A65616E6E65", b"Refuge du Nord")
    assert any(n in _readable(data) for n in needles)
    upload = files.check_bytes(data, name, kinds=files.EVIDENCE, max_bytes=2**20)
    for needle in needles:
        assert needle not in _readable(upload.data), (name, needle)
    assert files.sniff(upload.data, name) == upload.kind     # still the same kind of file
    if name == "b.pdf":
        assert len(upload.data) == len(data)                   # scrubbed in place


def test_the_document_itself_is_kept():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>Mon histoire</w:document>",
                 "docProps/core.xml": b"<cp:coreProperties><dc:creator>X</dc:creator></cp:coreProperties>"})
    upload = files.check_bytes(data, "d.docx", kinds=files.EVIDENCE, max_bytes=2**20)
    with zipfile.ZipFile(io.BytesIO(upload.data)) as zf:
        assert zf.read("word/document.xml") == b"<w:document>Mon histoire</w:document>"
        assert b"creator" not in zf.read("docProps/core.xml")


def test_an_unreadable_image_is_refused_with_a_translated_reason():
    with pytest.raises(RuleError, match="could not be read"):
        files.check_bytes(b"\x89PNG\r\n\x1a\nnot really", "p.png", kinds=files.EVIDENCE, max_bytes=2**20)


def _pdf_with_xmp() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    xmp = StreamObject()
    xmp.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{NAME}</dc:creator></x:xmpmeta>'.encode())
    xmp.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    im = Image.new("RGB", (8, 6), "white")
    exif = Image.Exif()
    exif[0x013B] = NAME
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 17.0), 3: "W", 4: (73.0, 34.0, 3.0)}   # GPS: where it was taken
    out = io.BytesIO()
    im.save(out, "JPEG", exif=exif)
    return out.getvalue()


_CORE = f"<cp:coreProperties><dc:creator>{NAME}</dc:creator><cp:lastModifiedBy>{NAME}</cp:lastModifiedBy>" \
        f"</cp:coreProperties>".encode()
_CUSTOM = f"<Properties><property name='Client'><vt:lpwstr>{NAME}</vt:lpwstr></property></Properties>".encode()


@pytest.mark.parametrize("name,data", [
    ("x.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>", "docProps/core.xml": _CORE,
                     "docProps/custom.xml": _CUSTOM})),
    ("p.pptx", _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>",
                     "docProps/core.xml": _CORE, "docProps/app.xml": f"<Company>{NAME}</Company>".encode()})),
    ("s.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office/>",
                    "meta.xml": f"<meta:initial-creator>{NAME}</meta:initial-creator>".encode()}, first="mimetype")),
    ("c.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>texte</w:document>",
                     "docProps/custom.xml": _CUSTOM})),
    # A phone photo pasted into a statement keeps its EXIF inside the document unless it is re-encoded too.
    ("photo.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>",
                         "word/media/image1.jpeg": _jpeg_with_gps()})),
    ("photo.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>",
                        "Pictures/1.png": _image_with_exif("PNG")}, first="mimetype")),
    ("x.pdf", _pdf_with_xmp()),
    ("gps.jpg", _jpeg_with_gps()),
])
def test_every_accepted_kind_loses_its_authors_and_places(name, data):
    needles = (NAME.encode(), b"Tremblay", b"GPS", b"\x88\x25")
    assert any(n in _readable(data) for n in needles)
    upload = files.check_bytes(data, name, kinds=files.EVIDENCE, max_bytes=2**20)
    readable = _readable(upload.data)
    assert NAME.encode() not in readable and b"Tremblay" not in readable, name
    assert b"Exif" not in readable, name                           # no EXIF block left, GPS or other
    assert files.sniff(upload.data, name) == upload.kind


def test_the_privacy_notice_says_file_properties_are_removed(client):
    html = client.get("/en/privacy").get_data(as_text=True)
    assert "author" in html and ("metadata" in html or "properties" in html)
    fr = client.get("/fr/confidentialite").get_data(as_text=True)
    assert "auteur" in fr
