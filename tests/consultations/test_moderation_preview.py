"""Moderation in words people read: translated states in the queue and on the page (the API keeps its keys),
and a preview of the text as the public will read it before a redaction is recorded."""
from __future__ import annotations

import re

from portal.consultations.models import Redaction
from portal.extensions import db


def _text(html: str) -> str:
    main = html[html.find("<main"):html.find("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_queue_filters_by_state_with_translated_labels(make, client, login_as):
    c = make.consultation()
    waiting, _ = make.submission(c, "publish_anonymous", text="En attente.")
    published, _ = make.submission(c, "publish_named", text="Publiée.", publish=True)
    make.submission(c, "secretariat_only", text="Jamais dans la file.")
    login_as(make.user("secretariat"))
    fr = _text(client.get("/fr/consultations/moderation").get_data(as_text=True))
    assert "En attente de modération" in fr and "Publier sans attribution" in fr
    assert f"Contribution {published.id}" not in fr and "pending" not in fr
    done = _text(client.get("/fr/consultations/moderation?state=published").get_data(as_text=True))
    assert f"Contribution {published.id}" in done and f"Contribution {waiting.id}" not in done
    assert "Publiée" in done and "published" not in done
    every = _text(client.get("/en/consultations/moderation?state=all").get_data(as_text=True))
    assert "Awaiting moderation" in every and "Published" in every and "Jamais" not in every
    page = _text(client.get(f"/en/consultations/submissions/{waiting.id}").get_data(as_text=True))
    assert "Status Sent" in page and "Moderation Awaiting moderation" in page
    api = client.get(f"/api/v1/consultations/{c.slug}/submissions").get_json()
    assert {s["moderation"] for s in api["submissions"]} >= {"pending", "published"}   # keys for machines


def test_secretariat_previews_a_redaction_before_recording_it(make, client, login_as):
    c = make.consultation()
    sub, _ = make.submission(c, "publish_named", text="Je m'appelle Ana et je vis à Gatineau.",
                             attribution_name="Ana")
    answer = sub.answers[0]
    login_as(make.user("secretariat"))
    page = _text(client.get(f"/en/consultations/submissions/{sub.id}").get_data(as_text=True))
    assert "As the public will read it once published" in page and "Shown with the name: Ana." in page
    url = f"/en/consultations/submissions/{sub.id}/moderate"
    form = {"mod-action": "redact", "mod-answer_id": str(answer.id), "mod-passage": "je vis à Gatineau",
            "mod-reason": "lieu", "preview": "1"}
    resp = client.post(url, data=form)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    preview = html[html.find('id="public-preview"'):html.find('id="moderate"')]
    assert "Je m&#39;appelle Ana et […]." in preview and "Gatineau" not in preview
    assert "\nlieu</textarea>" in html and "\nje vis à Gatineau</textarea>" in html   # what was typed is kept
    assert db.session.query(Redaction).count() == 0                       # a preview saves nothing
    wrong = client.post(url, data={**form, "mod-passage": "Montréal"})
    assert wrong.status_code == 422 and "copy it exactly" in wrong.get_data(as_text=True)
    assert client.post(url, data={k: v for k, v in form.items() if k != "preview"}).status_code == 303
    assert db.session.query(Redaction).count() == 1
