"""The coalitions feature's open datasets (portal/datasets.py): the directory (services, coalitions,
protocols, strategies, regional notes) and the gap matrix, as a visitor sees them."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from ..datasets import Dataset, Distribution
from ..extensions import db
from .models import MODELS

TYPES = {"service": "services", "coalition": "coalitions", "protocol": "protocols", "strategy": "strategies",
         "note": "notes"}


def _modified():
    dates = [db.session.scalar(select(func.max(m.updated_at)).where(m.published.is_(True))) for m in MODELS.values()]
    return max((d for d in dates if d is not None), default=None)


def datasets() -> list[Dataset]:
    modified = _modified()
    directory = [Distribution("csv", url_for("coalitions.export_csv", record_type=t, _external=True), title)
                 for t, title in TYPES.items()]
    directory += [Distribution("xlsx", url_for("coalitions.export_xlsx", _external=True)),
                  Distribution("json", url_for("coalitions_api.services", _external=True), "services"),
                  Distribution("hsds", url_for("coalitions_api.services_hsds", _external=True)),
                  Distribution("hsds_zip", url_for("coalitions_api.services_hsds_datapackage", _external=True))]
    return [
        Dataset("directory", "Répertoire des services et des coalitions", "Directory of services and coalitions",
                "Services aux victimes et survivants, coalitions, protocoles, stratégies et notes régionales, "
                "par province et territoire.",
                "Services for victims and survivors, coalitions, protocols, strategies and regional notes, by "
                "province and territory.",
                url_for("coalitions.directory", _external=True), modified,
                ["services", "coalitions", "Open Referral", "HSDS"], directory),
        Dataset("gaps", "Matrice des lacunes", "Gap matrix",
                "Nombre de services par province ou territoire et par catégorie.",
                "Number of services by province or territory and category.",
                url_for("coalitions.gaps", _external=True), modified, ["lacunes", "gaps"],
                [Distribution("csv", url_for("coalitions.gaps_csv", _external=True)),
                 Distribution("xlsx", url_for("coalitions.gaps_xlsx", _external=True))]),
    ]
