"""Refs for other features' links: consultation, submission, roundtable, key_point."""
from __future__ import annotations

from ..extensions import db
from ..i18n import LocalizedText, _, localized
from ..links import Ref, narrowest, register_ref
from ..permissions import COMMITTEE
from .models import Consultation, KeyPoint, Roundtable, Submission, Theme


@register_ref("consultation", table="consultations")
def consultation_ref(obj_id: int) -> Ref | None:
    c = db.session.get(Consultation, obj_id)
    if c is None:
        return None
    return Ref("consultation", c.id, localized(c, "title"), "consultations.view", {"slug": c.slug},
               visibility=c.visibility, owner_org_ids=c.owner_organisation_ids, type_label=_("Consultation"))


@register_ref("submission", table="consultation_submissions")
def submission_ref(obj_id: int) -> Ref | None:
    s = db.session.get(Submission, obj_id)
    if s is None or s.status != "submitted":
        return None
    # The title never carries a name unless the sender consented to attribution.
    title = s.label + (f" — {s.attribution}" if s.attribution else "")
    return Ref("submission", s.id, LocalizedText(title, "en", False), "consultations.submission", {"sub_id": s.id},
               visibility=s.visibility, owner_org_ids=s.owner_organisation_ids, type_label=_("Consultation input"))


@register_ref("roundtable", table="roundtables")
def roundtable_ref(obj_id: int) -> Ref | None:
    r = db.session.get(Roundtable, obj_id)
    if r is None:
        return None
    return Ref("roundtable", r.id, localized(r, "title"), "consultations.roundtable", {"rt_id": r.id},
               visibility=r.visibility, owner_org_ids=r.owner_organisation_ids, type_label=_("Roundtable"))


@register_ref("key_point", table="roundtable_key_points")
def key_point_ref(obj_id: int) -> Ref | None:
    k = db.session.get(KeyPoint, obj_id)
    if k is None:
        return None
    text = localized(k, "text")
    short = text.text if len(text.text) <= 120 else text.text[:117] + "…"
    return Ref("key_point", k.id, LocalizedText(short, text.lang, text.is_fallback), "consultations.roundtable",
               {"rt_id": k.roundtable_id, "_anchor": f"key-point-{k.id}"}, visibility=k.visibility,
               owner_org_ids=k.roundtable.owner_organisation_ids,
               type_label=_("Roundtable key point"))


@register_ref("theme", table="consultation_themes")
def theme_ref(obj_id: int) -> Ref | None:
    """A theme of a code book: read by the secretariat and the committee, within the consultation's audience."""
    t = db.session.get(Theme, obj_id)
    if t is None:
        return None
    c = t.consultation
    return Ref("theme", t.id, localized(t, "label"), "consultations.themes", {"slug": c.slug, "_anchor": f"theme-{t.id}"},
               visibility=narrowest(c.visibility, COMMITTEE), owner_org_ids=set(), type_label=_("Theme"))
