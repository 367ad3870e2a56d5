"""Factory methods for directory records; they go through the services (audit, search outbox)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from portal.coalitions import services
from portal.extensions import db

_n = itertools.count(1)


class Mixin:
    def _record(self, record_type, defaults, owner=None, commit=True, **values):
        data = services.new_input(record_type, **{**defaults, **values},
                                  owner_organisation_id=owner.id if owner else None)
        record = services.create_record(data, actor=None)
        if commit:
            db.session.commit()
        return record

    def coalition(self, jurisdiction_code="ON", owner=None, **values):
        n = next(_n)
        return self._record("coalition", {"name_fr": f"Coalition {n}", "name_en": f"Coalition {n} (en)",
                                          "kind": "coalition", "jurisdiction_code": jurisdiction_code,
                                          "activities": ["awareness"], "sectors": ["community"]}, owner, **values)

    def strategy(self, jurisdiction_code="ON", owner=None, **values):
        n = next(_n)
        return self._record("strategy", {"title_fr": f"Stratégie {n}", "title_en": f"Strategy {n}",
                                         "jurisdiction_code": jurisdiction_code, "year": 2016,
                                         "status": "in_force"}, owner, **values)

    def protocol(self, jurisdiction_code="ON", owner=None, **values):
        n = next(_n)
        today = date.today()
        return self._record("protocol", {"title_fr": f"Protocole {n}", "title_en": f"Protocol {n}",
                                         "jurisdiction_code": jurisdiction_code, "kind": "referral",
                                         "scopes": ["all_forms"], "status": "in_force",
                                         "effective_on": today - timedelta(days=365),
                                         "review_on": today + timedelta(days=500)}, owner, **values)

    def service(self, jurisdiction_code="ON", owner=None, **values):
        n = next(_n)
        return self._record("service", {"name_fr": f"Service {n}", "name_en": f"Service {n} (en)",
                                        "jurisdiction_code": jurisdiction_code, "city": "Toronto",
                                        "categories": ["health"], "populations": ["women"],
                                        "languages": ["fr", "en"]}, owner, **values)
