"""The text of evidence files is searchable, with its report's audience and never wider: a word found only
inside a PDF is found by those who may see the report, and by nobody else (Whoosh, and the PostgreSQL
engine when the suite runs on PostgreSQL). DOCX, ODT and TXT are read too; a file whose text cannot be read
is still stored, and the failure is logged without its content."""
from __future__ import annotations

import io
import logging

from portal import files
from portal.commitments import services
from portal.extensions import db
from portal.filetext import extract_text

from .helpers import run


def make_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (Helvetica), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt(text: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = OpenDocumentText()
    d.text.addElement(P(text=text))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_each_kind_gives_its_text():
    assert "zephyrquorx" in extract_text("pdf", make_pdf("Report zephyrquorx here"))
    assert extract_text("docx", _docx("Word wordlywump text")) == "Word wordlywump text"
    assert extract_text("odt", _odt("Texte odtélan ici")) == "Texte odtélan ici"
    assert extract_text("txt", "Plain plainzor\r\n\r\ntext".encode()) == "Plain plainzor\ntext"
    assert extract_text("png", b"\x89PNG") is None


def test_a_file_without_readable_text_is_stored_and_the_failure_logged_without_content(app, caplog):
    bad = b"%PDF-1.4\nsecretword " + b"\x00" * 50
    with caplog.at_level(logging.WARNING, logger="portal.filetext"):
        stored = files.store(files.Upload(kind="pdf", data=bad, filename="secret-name.pdf"))
    db.session.flush()
    assert stored.id and stored.text is None and stored.content == bad
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "pdf" in logged and "secretword" not in logged and "secret-name" not in logged


def _report(make, people, commitment, word, state):
    upd = make.progress_update(commitment, people["lead"], "draft", narrative_en="Nothing about the file.")
    services.add_evidence(upd, services.EvidenceInput("rapport.pdf", make_pdf(f"Annexe {word} 2025"),
                                                      label="Annexe"), None)
    db.session.commit()
    if state in ("submitted", "published"):
        services.submit_update(upd, people["lead"])
    if state == "published":
        services.publish_update(upd, people["secretariat"])
    db.session.commit()
    return upd


def _titles(user, word):
    return [h.title for h in run(user, word).hits]


def test_a_word_only_inside_a_pdf_is_found_by_those_who_may_see_the_report(make, apply):
    rcmp, cbsa = make.org("RCMP"), make.org("CBSA")
    people = {"lead": make.user("department_lead", org=rcmp), "secretariat": make.user("secretariat"),
              "other": make.user("department_lead", org=cbsa), "committee": make.user("committee_member"),
              "ngo": make.user("ngo_member")}
    plan = make.plan("SEARCH-FILES")
    public = make.commitment(plan, "1.1", rcmp, title_en="Training")
    internal = make.commitment(plan, "1.2", rcmp, title_en="Internal work", visibility="internal")
    _report(make, people, public, "zephyrquorx", "published")
    _report(make, people, public, "blorptangle", "draft")
    _report(make, people, internal, "quillfeather", "published")
    apply()
    # published, public commitment: everyone, with the file named in the result
    assert _titles(None, "zephyrquorx") == ["rapport.pdf — 1.1 Training"]
    assert _titles(people["ngo"], "zephyrquorx") == ["rapport.pdf — 1.1 Training"]
    # a draft report's file: its organisation and the secretariat, nobody else
    assert _titles(None, "blorptangle") == [] and _titles(people["other"], "blorptangle") == []
    assert _titles(people["ngo"], "blorptangle") == [] and _titles(people["committee"], "blorptangle") == []
    assert len(_titles(people["lead"], "blorptangle")) == 1 and len(_titles(people["secretariat"], "blorptangle")) == 1
    # an internal commitment's published report: members who read internal material
    assert _titles(None, "quillfeather") == [] and _titles(people["ngo"], "quillfeather") == []
    assert len(_titles(people["committee"], "quillfeather")) == 1
    hit = run(None, "zephyrquorx").hits[0]
    assert "zephyrquorx" in str(hit.snippet)


def test_publishing_the_report_opens_its_file_and_removing_it_closes_it(make, apply):
    rcmp = make.org("RCMP")
    people = {"lead": make.user("department_lead", org=rcmp), "secretariat": make.user("secretariat")}
    c = make.commitment(make.plan("SEARCH-FILES-2"), "2.1", rcmp, title_en="Shelters")
    upd = _report(make, people, c, "grimblewick", "submitted")
    apply()
    assert _titles(None, "grimblewick") == []
    services.publish_update(upd, people["secretariat"])
    apply()
    assert _titles(None, "grimblewick") == ["rapport.pdf — 2.1 Shelters"]
    db.session.delete(upd.evidence[0])
    apply()
    assert _titles(None, "grimblewick") == []


def _pdf_upload(word):
    return files.check_bytes(make_pdf(f"Piece {word} jointe"), "piece.pdf", max_bytes=2**20)


def test_consultation_files_never_reach_the_public_and_roundtable_files_follow_their_roundtable(make, apply):
    from portal.consultations import services as cs

    c = make.consultation()
    secretariat, committee = make.user("secretariat"), make.user("committee_member")
    ngo = make.user("ngo_member")
    make.submission(c, "publish_anonymous", text="Public text", publish=True, uploads=[_pdf_upload("frobnicorn")])
    make.submission(c, "do_not_publish", text="Committee text", uploads=[_pdf_upload("snargleflux")])
    rt = make.roundtable(c)
    cs.add_document(rt, _pdf_upload("tablewhisk"), None)
    db.session.commit()
    apply()
    # a published, redacted submission's file: files cannot be redacted, so the secretariat only
    assert run(None, "frobnicorn").hits == [] and run(ngo, "frobnicorn").hits == []
    assert run(committee, "frobnicorn").hits == []
    [hit] = run(secretariat, "frobnicorn").hits
    assert hit.title.startswith("piece.pdf — ")
    # committee-level input: its file for the committee and the secretariat
    assert run(None, "snargleflux").hits == [] and len(run(committee, "snargleflux").hits) == 1
    # a public roundtable's document: as public as the roundtable
    assert len(run(None, "tablewhisk").hits) == 1
