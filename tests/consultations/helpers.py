import re

from portal.consultations.models import Submission
from portal.extensions import db
from sqlalchemy import func, select


def form_token(html: str) -> str:
    m = re.search(r'name="token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'id="token" name="token" type="hidden" value="([^"]+)"', html)
    assert m, "no idempotency token in the form"
    return m.group(1)


def receipt_code(html: str) -> str:
    m = re.search(r"<code data-receipt-code>([A-Z2-7-]{19})</code>", html)
    assert m, "no receipt code on the page"
    return m.group(1)


def count_submissions() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Submission))


def answer_fields(c, text="Il faut plus de refuges.", scale="4"):
    qs = c.questions
    return {f"q_{qs[0].id}": text, f"q_{qs[1].id}": scale, f"c_{qs[1].id}": "", f"q_{qs[2].id}": "yes",
            f"q_{qs[3].id}": "2"}
