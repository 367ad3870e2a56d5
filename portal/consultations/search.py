"""Search documents. Submission documents follow consent and moderation, carry only the published
(redacted) text when public, and never anything that identifies an anonymous sender."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..i18n import LOCALES, _l, force_locale, localized
from ..files import StoredFile
from ..links import narrowest
from ..permissions import COMMITTEE, PUBLIC, SECRETARIAT
from ..search.documents import SearchDocument, register_children, register_facet_labels, register_provider
from ..search.outbox import reindex_parent
from .models import Attachment, Consultation, KeyPoint, Roundtable, StakeholderCategory, Submission

# A file added to or removed from a submission or a roundtable re-indexes it (its documents hold the files' text).
reindex_parent(Attachment, lambda a: ("submission", a.submission_id) if a.submission_id is not None
               else ("roundtable", a.roundtable_id))


def _file_documents(doc_type: str, parent_id: int, column, base: SearchDocument) -> list[SearchDocument]:
    """One document per attached file with text, with `base`'s audience, endpoint and facets."""
    rows = db.session.execute(select(Attachment.id, Attachment.filename, StoredFile.text)
                              .join(StoredFile, StoredFile.id == Attachment.file_id)
                              .where(column == parent_id, StoredFile.text.is_not(None), StoredFile.text != "")
                              .order_by(Attachment.id))
    return [SearchDocument(doc_type, parent_id, base.endpoint, base.url_args, part=f"file-{att_id}",
                           title_fr=f"{filename} — {base.title_fr}", title_en=f"{filename} — {base.title_en}",
                           body_fr=text, body_en=text, visibility=base.visibility, owner_org_ids=base.owner_org_ids,
                           jurisdictions=base.jurisdictions, date=base.date,
                           stakeholder_category=base.stakeholder_category)
            for att_id, filename, text in rows]


@register_provider(Consultation, "consultation", label=_l("Consultation"))
def consultation_documents(c: Consultation) -> list[SearchDocument]:
    if c.state() == "draft":
        return []
    common = {"visibility": c.visibility, "owner_org_ids": c.owner_organisation_ids,
              "date": c.opens_at.date() if c.opens_at else None}
    docs = [SearchDocument("consultation", c.id, "consultations.view", {"slug": c.slug}, title_en=c.title_en,
                           title_fr=c.title_fr, body_en=c.summary_en, body_fr=c.summary_fr, **common)]
    for s in c.sections:
        docs.append(SearchDocument("consultation", c.id, "consultations.view", {"slug": c.slug, "_anchor": f"section-{s.id}"},
                                   title_en=s.title_en, title_fr=s.title_fr, body_en=s.body_en, body_fr=s.body_fr,
                                   part=f"section-{s.id}", **common))
        for q in s.questions:
            docs.append(SearchDocument("consultation", c.id, "consultations.view",
                                       {"slug": c.slug, "_anchor": f"section-{s.id}"},
                                       title_en=f"{q.ref} {c.title_en}", title_fr=f"{q.ref} {c.title_fr}",
                                       body_en=q.text_en, body_fr=q.text_fr, part=f"question-{q.id}", **common))
    return docs


def _submission_titles(s: Submission) -> dict[str, str]:
    """"Contribution 12 — ..." in French, "Submission 12 — ..." in English, whatever language the indexing job
    runs in."""
    titles = {}
    for lang in ("fr", "en"):
        with force_locale(LOCALES[lang]):
            titles[f"title_{lang}"] = s.label + (f" — {s.attribution}" if s.attribution else "")
    return titles


@register_provider(Submission, "submission", label=_l("Submission"))
def submission_documents(s: Submission) -> list[SearchDocument]:
    if s.status != "submitted":
        return []
    vis = s.visibility
    public = s.consent_visibility == PUBLIC   # published: only the redacted text leaves the secretariat
    texts = [s.public_text(None) if public else s.body] + \
        [(s.public_text(a) if public else a.text) for a in s.answers]
    body = "\n\n".join(t for t in texts if t)
    titles = _submission_titles(s)
    doc = SearchDocument("submission", s.id, "consultations.submission", {"sub_id": s.id}, **titles,
                         visibility=vis, owner_org_ids=s.owner_organisation_ids,
                         date=s.submitted_at.date() if s.submitted_at else None,
                         stakeholder_category=s.category.code if s.category else None)
    setattr(doc, f"body_{s.language if s.language in ('fr', 'en') else 'fr'}", body)
    # Files cannot be redacted, so their text never reaches the public (as their download: access.may_download):
    # the secretariat, the committee for committee-level input, and the sending organisation.
    files_base = SearchDocument("submission", s.id, doc.endpoint, doc.url_args, **titles,
                                visibility=narrowest(vis, COMMITTEE if s.consent_visibility == COMMITTEE
                                                     else SECRETARIAT),
                                owner_org_ids=s.owner_organisation_ids, date=doc.date,
                                stakeholder_category=doc.stakeholder_category)
    return [doc] + _file_documents("submission", s.id, Attachment.submission_id, files_base)


@register_provider(Roundtable, "roundtable", label=_l("Roundtable"))
def roundtable_documents(r: Roundtable) -> list[SearchDocument]:
    doc = SearchDocument("roundtable", r.id, "consultations.roundtable", {"rt_id": r.id}, title_en=r.title_en,
                         title_fr=r.title_fr, body_en=r.summary_en, body_fr=r.summary_fr, visibility=r.visibility,
                         owner_org_ids=r.owner_organisation_ids,
                         jurisdictions=[r.jurisdiction_code] if r.jurisdiction_code else [], date=r.held_on)
    return [doc] + _file_documents("roundtable", r.id, Attachment.roundtable_id, doc)


@register_provider(KeyPoint, "key_point", label=_l("Roundtable key point"))
def key_point_documents(k: KeyPoint) -> list[SearchDocument]:
    r = k.roundtable
    return [SearchDocument("key_point", k.id, "consultations.roundtable", {"rt_id": r.id, "_anchor": f"key-point-{k.id}"},
                           title_en=f"{r.title_en} — {k.heading_en}".rstrip(" —"),
                           title_fr=f"{r.title_fr} — {k.heading_fr}".rstrip(" —"), body_en=k.text_en,
                           body_fr=k.text_fr, visibility=r.visibility, owner_org_ids=r.owner_organisation_ids,
                           jurisdictions=[r.jurisdiction_code] if r.jurisdiction_code else [], date=r.held_on)]


def _category_name(code: str):
    """A submission's stakeholder category, as the search facet shows it."""
    category = db.session.scalar(select(StakeholderCategory).where(StakeholderCategory.code == code))
    return localized(category, "name").text if category else None


register_facet_labels("stakeholder", _category_name)


def _roundtable_children(r: Roundtable, conn) -> list[tuple[str, int]]:
    return _of_roundtable(r.id, conn)


def _of_roundtable(rt_id: int, conn) -> list[tuple[str, int]]:
    points = conn.scalars(select(KeyPoint.id).where(KeyPoint.roundtable_id == rt_id))
    inputs = conn.scalars(select(Submission.id).where(Submission.roundtable_id == rt_id))
    return [("key_point", i) for i in points] + [("submission", i) for i in inputs]


def _consultation_children(c: Consultation, conn) -> list[tuple[str, int]]:
    """A consultation's audience and state bound its roundtables, their key points and all input."""
    out = [("submission", i) for i in conn.scalars(select(Submission.id).where(Submission.consultation_id == c.id))]
    for rt in conn.execute(select(Roundtable.id).where(Roundtable.consultation_id == c.id)):
        out.append(("roundtable", rt.id))
        out.extend(_of_roundtable(rt.id, conn))
    return out


register_children(Consultation, _consultation_children)
register_children(Roundtable, _roundtable_children)
