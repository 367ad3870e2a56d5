"""Search documents for commitments and progress updates (the outbox re-indexes them on every change)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..files import StoredFile
from ..i18n import _l, current_lang
from ..search.documents import SearchDocument, register_children, register_facet_labels, register_provider
from ..search.outbox import reindex_parent
from .models import Commitment, Evidence, Pillar, Plan, ProgressUpdate


def _pillar_name(key: str) -> str | None:
    """A plan's own pillar ("governance": "Gouvernance et partenariats") as the facet's label."""
    pillar = db.session.scalar(select(Pillar).where(Pillar.key == key).order_by(Pillar.id.desc()).limit(1))
    if pillar is None:
        return None
    lang = current_lang()
    return getattr(pillar, f"title_{lang}") or getattr(pillar, f"title_{'en' if lang == 'fr' else 'fr'}")


register_facet_labels("pillar", _pillar_name)


def _titles(c: Commitment, prefix: str = "") -> dict[str, str]:
    """The title in each language the commitment has one in, after its reference; empty in a language it has no
    title in, so a French search shows the English title, marked, rather than the bare reference ("6")."""
    titles = {lang: f"{prefix}{c.ref} {t}".strip() if (t := getattr(c, f"title_{lang}")) else ""
              for lang in ("fr", "en")}
    if not any(titles.values()):
        titles = {lang: f"{prefix}{c.ref}".strip() for lang in ("fr", "en")}
    return {f"title_{lang}": t for lang, t in titles.items()}


@register_provider(Commitment, "commitment", label=_l("Commitment"))
def commitment_documents(c: Commitment) -> list[SearchDocument]:
    if c.plan is not None and c.plan.status == "draft":
        return []
    return [SearchDocument(
        doc_type="commitment", obj_id=c.id, endpoint="commitments.view", url_args={"commitment_id": c.id},
        **_titles(c),
        body_fr=c.description_fr or "", body_en=c.description_en or "",
        visibility="public" if c.visibility == "public" else "internal",
        owner_org_ids=c.owner_organisation_ids, jurisdictions=c.jurisdictions,
        pillar=c.pillar.key if c.pillar else None, date=c.due_date or c.start_date)]


# A file added to or removed from a report re-indexes the report, whose documents include the files' text.
reindex_parent(Evidence, lambda ev: ("progress_update", ev.update_id))


def _files_with_text(update_ids: list[int]) -> dict[int, list]:
    """update id -> [(evidence id, filename, label, text)] of its evidence files with text. Read from the
    database, not the relationship: a file removed in this transaction is gone (the PostgreSQL engine
    indexes before the commit), and the bytes are never loaded."""
    out: dict[int, list] = {}
    for update_id, *rest in db.session.execute(
            select(Evidence.update_id, Evidence.id, Evidence.filename, Evidence.label, StoredFile.text)
            .join(StoredFile, StoredFile.id == Evidence.file_id)
            .where(Evidence.update_id.in_(update_ids), StoredFile.text.is_not(None), StoredFile.text != "")
            .order_by(Evidence.id)):
        out.setdefault(update_id, []).append(rest)
    return out


def _file_documents(u: ProgressUpdate, c: Commitment, visibility: str, rows: list | None = None
                    ) -> list[SearchDocument]:
    """One document per evidence file with text: the report's audience exactly (never wider), titled with
    the file's name so results show the file, its text as the body (in both languages: it is not known)."""
    out = []
    if rows is None:
        rows = _files_with_text([u.id]).get(u.id, [])
    for ev_id, filename, label, text in rows:
        label = filename or label
        out.append(SearchDocument(
            doc_type="progress_update", obj_id=u.id, part=f"file-{ev_id}", endpoint="commitments.update_view",
            url_args={"update_id": u.id}, **_titles(c, f"{label} — "), body_fr=text, body_en=text, visibility=visibility,
            owner_org_ids=c.owner_organisation_ids, jurisdictions=c.jurisdictions,
            pillar=c.pillar.key if c.pillar else None, date=u.as_of))
    return out


def _updates_documents(updates: list[ProgressUpdate]) -> list[SearchDocument]:
    """A rebuild's batch of updates: their files' text in one query."""
    files = _files_with_text([u.id for u in updates])
    return [d for u in updates for d in update_documents(u, files.get(u.id, []))]


@register_provider(ProgressUpdate, "progress_update", label=_l("Progress update"),
                   load=(selectinload(ProgressUpdate.commitment),), batch=_updates_documents)
def update_documents(u: ProgressUpdate, files: list | None = None) -> list[SearchDocument]:
    c = u.commitment
    if u.state == "published":
        visibility = "public" if c.visibility == "public" else "internal"
    else:
        # Drafts and submitted ones: the owner organisations (owner_org_ids) and the secretariat only.
        visibility = "secretariat"
    return _file_documents(u, c, visibility, files) + [SearchDocument(
        doc_type="progress_update", obj_id=u.id, endpoint="commitments.update_view", url_args={"update_id": u.id},
        **_titles(c),
        body_fr="\n\n".join(x for x in (u.narrative_fr, u.challenges_fr) if x),
        body_en="\n\n".join(x for x in (u.narrative_en, u.challenges_en) if x),
        visibility=visibility, owner_org_ids=c.owner_organisation_ids, jurisdictions=c.jurisdictions,
        pillar=c.pillar.key if c.pillar else None, date=u.as_of)]


def _plan_children(plan: Plan, conn) -> list[tuple[str, int]]:
    """A plan sent back to draft hides its commitments and their updates: re-index them with it."""
    ids = list(conn.scalars(select(Commitment.id).where(Commitment.plan_id == plan.id)))
    updates = conn.scalars(select(ProgressUpdate.id).where(ProgressUpdate.commitment_id.in_(ids))) if ids else []
    return [("commitment", i) for i in ids] + [("progress_update", i) for i in updates]


def _commitment_children(c: Commitment, conn) -> list[tuple[str, int]]:
    return [("progress_update", i) for i in conn.scalars(select(ProgressUpdate.id)
                                                          .where(ProgressUpdate.commitment_id == c.id))]


register_children(Plan, _plan_children)
register_children(Commitment, _commitment_children)
