"""Too large or too long: nothing typed is lost silently. A long text reaches the form and is refused there
with a translated error and the text kept; a sending beyond the portal's limit gets a 413 page that says
what was too large (a file or a text) and the limit, in the page's language, with the way back."""
from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.consultations.helpers import answer_fields, count_submissions, form_token

MB = 1024 * 1024


def _respond(client, c, lang):
    return (f"/fr/consultations/{c.slug}/repondre" if lang == "fr" else f"/en/consultations/{c.slug}/respond")


def _multipart(client, url, data, **kw):
    """Encoded in memory (the test client would spool a large body to a temporary file it never closes)."""
    boundary, body = encode_multipart(data)
    headers = {"Content-Length": str(len(body)), **kw.pop("headers", {})}
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}", headers=headers,
                       **kw)


@pytest.mark.parametrize("lang, message", [
    ("fr", "Le champ ne peut pas contenir plus de 50000 caractères."),
    ("en", "Field cannot be longer than 50000 characters."),
])
def test_a_600_kb_text_is_refused_by_the_form_with_the_text_kept(client, make, lang, message):
    c = make.consultation()
    url = _respond(client, c, lang)
    token = form_token(client.get(url).get_data(as_text=True))
    long_text = "Témoignage. " * 50_000     # 600,000 characters, more than Werkzeug's 500 kB default
    data = {"token": token, "consent": "secretariat_only", "language": lang, **answer_fields(c), "body": long_text,
            "attachment": FileStorage(io.BytesIO(b""), filename="")}
    resp = _multipart(client, url, data)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert message in html
    assert long_text in html                      # kept, whole, not cut to the limit
    assert count_submissions() == 0


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_long_text_fields_show_their_limit_and_are_not_cut_by_the_browser(client, make, lang):
    c = make.consultation()
    html = client.get(_respond(client, c, lang)).get_data(as_text=True)
    assert 'data-maxlength="50000"' in html and 'maxlength="50000"' not in html.replace('data-maxlength', '')
    limit = "Vous pouvez taper jusqu'à 50\u00a0000\u00a0caractères." if lang == "fr" else \
        "You can enter up to 50,000 characters."
    assert limit in html
    assert 'aria-describedby="body-hint body-count"' in html


@pytest.mark.parametrize("lang, expected", [
    ("fr", ["Votre envoi est trop volumineux", "Le fichier «\u00a0preuve.pdf\u00a0» pèse 13\u00a0Mo",
            "au plus 12\u00a0Mo en un seul envoi"]),
    ("en", ["What you sent is too large", "The file “preuve.pdf” is 13 MB",
            "at most 12 MB in one sending"]),
])
def test_a_13_mb_file_gets_a_413_page_naming_the_file_and_the_limit(client, make, lang, expected):
    c = make.consultation()
    url = _respond(client, c, lang)
    pdf = FileStorage(io.BytesIO(b"%PDF" * (13 * MB // 4)), filename="preuve.pdf", content_type="application/pdf")
    data = {"consent": "secretariat_only", "q_1": "Mon texte", "attachment": pdf}
    resp = _multipart(client, url, data, headers={"Referer": f"http://localhost{url}"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 413
    assert f'<html lang="{lang}">' in html
    for text in expected:
        assert text in html, text
    assert f'href="{url}"' in html and "data-keep-drafts" in html   # back to the form, the draft waits


@pytest.mark.parametrize("lang, expected", [
    ("fr", "Votre texte compte 13\u00a0000\u00a0000\u00a0caractères"),
    ("en", "Your text is 13,000,000 characters long"),
])
def test_an_oversized_text_gets_a_413_page_about_the_text_not_a_file(client, make, lang, expected):
    c = make.consultation()
    resp = client.post(_respond(client, c, lang), data={"body": "a" * 13_000_000, "consent": "secretariat_only"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 413
    assert expected in html
    main = html.split("<main", 1)[1]
    assert "Le fichier «" not in main and "The file “" not in main


def test_the_way_back_never_leads_to_another_site(client, make):
    c = make.consultation()
    resp = client.post(_respond(client, c, "en"), data={"body": "a" * 13_000_000},
                       headers={"Referer": "https://evil.example/phish"})
    assert resp.status_code == 413
    html = resp.get_data(as_text=True)
    assert "evil.example" not in html and 'href="/en/" data-restore-back' in html

