"""Recording an evaluation's findings (the demo loads the 2016-2017 horizontal evaluation's)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ... import audit
from ...extensions import db
from ...permissions import PUBLIC
from ..models import EvaluationFinding


@dataclass
class FindingInput:
    evaluation: str          # e.g. "2016-2017"
    code: str                # e.g. "F4", "R2"
    kind: str = "finding"
    title_fr: str = ""
    title_en: str = ""
    body_fr: str = ""
    body_en: str = ""
    pillar: str | None = None
    year: int | None = None
    visibility: str = PUBLIC


def create_finding(data: FindingInput, *, actor: Any = None) -> EvaluationFinding:
    finding = EvaluationFinding(**asdict(data))
    db.session.add(finding)
    db.session.flush()
    audit.record("evaluation_finding.created", finding, actor=actor, summary=f"{finding.evaluation} {finding.code}")
    return finding
