"""One check of a `next` address before every redirect (portal/flow.py safe_next): only a path on this site.
Browsers drop tabs and newlines inside a URL and read a backslash as a slash, so each of these leaves it."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from portal.flow import safe_next
from tests.twofactor import sign_in

LEAVING = ["//evil.example", "https://evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example",
           "\\\\evil.example", "http:/evil.example", "javascript:alert(1)", " //evil.example", "/\r\n/evil.example",
           "evil.example", "/\x7f/evil.example", "https:evil.example", "///evil.example"]
STAYING = ["/en/", "/fr/engagements/12?tab=updates", "/en/search?q=a%2F%2Fb#hits"]


@pytest.mark.parametrize("target", LEAVING)
def test_addresses_that_leave_the_site_are_refused(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", STAYING)
def test_paths_on_the_site_are_kept(target):
    assert safe_next(target) == target


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return parts.netloc in ("", "localhost") and not parts.path.startswith("//") and "evil" not in location


def test_confirming_a_record_never_redirects_away(app, client, make, login_as):
    editor = make.user("jurisdiction_editor", org=make.jurisdiction("ON"), lang="en")
    protocol = make.protocol("ON")
    login_as(editor)
    for target in ("/\t/evil.example", "//evil.example", "https://evil.example"):
        r = client.post(f"/en/coalitions/protocol/{protocol.id}/confirm", data={"next": target})
        assert r.status_code == 303 and _stays_here(r.location), (target, r.location)
    r = client.post(f"/en/coalitions/protocol/{protocol.id}/confirm", data={"next": "/en/coalitions/due"})
    assert urlsplit(r.location).path == "/en/coalitions/due"


def test_signing_in_and_following_never_redirect_away(app, client, make, login_as):
    user = make.user("ngo_member", password="correct horse battery staple")
    for target in ("/\t/evil.example", "//evil.example", "https://evil.example"):
        r = sign_in(app.test_client(), user.email, "correct horse battery staple", next=target)
        assert r.status_code == 303 and _stays_here(r.location), (target, r.location)
        page = app.test_client().get(f"/en/login?next={target}")
        hidden = re.search(r'<input[^>]*name="next"[^>]*>', page.get_data(as_text=True)).group(0)
        assert "evil" not in hidden
    login_as(user)
    for target in ("/\t/evil.example", "//evil.example"):
        r = client.post("/en/follows/follow", data={"key": "province:ON", "next": target})
        assert r.status_code == 303 and _stays_here(r.location), (target, r.location)
