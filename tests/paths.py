"""Page addresses in tests: `at(lang, "/search/lessons")` is "/en/search/lessons" or "/fr/recherche/lecons"
(French pages have French addresses, portal/addresses.py). Prefer url_for; this is for tables of paths."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect


def at(lang: str, path: str) -> str:
    """The page at the English `path` ("/en/..." or without its language) in `lang`; an address no route
    serves (a 404 test) keeps its words."""
    parts = urlsplit(path)
    english = parts.path if parts.path.startswith("/en/") else "/en" + parts.path
    adapter = current_app.url_map.bind("localhost")
    built = None
    for method in ("GET", "POST"):
        try:
            endpoint, values = adapter.match(english, method=method)
        except RequestRedirect as redirect:
            endpoint, values = adapter.match(urlsplit(redirect.new_url).path, method=method)
        except HTTPException:
            continue
        built = adapter.build(endpoint, {**values, "lang": lang})
        break
    if built is None:
        built = f"/{lang}" + english[3:]
    return built + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
