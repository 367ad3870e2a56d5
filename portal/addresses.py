"""French pages have French addresses, as on Canada.ca: /fr/engagements/12 beside /en/commitments/12.

Each feature declares the French for the words of its paths beside its blueprint (`FR_PATHS` in
`portal/<feature>/blueprint.py`; `COMMON` below holds the words several features share). Once the blueprints
are registered under `/<lang>/...`, `localize(app, tables)` replaces each such rule by two with the same
endpoint: the English path with lang='en' and the translated path with lang='fr'. Werkzeug routes both, and
`url_for` builds the French path whenever lang is 'fr', so links, redirects, form actions, htmx attributes,
feeds, emails and the language switch follow without any template or view knowing.

The former French paths (`/fr/commitments/...`) answer 301 to the new ones, query string kept (307 for a
POST, so a form sent from a page opened before the change keeps its data). Ids, slugs, the values of
`any(...)` parts, file extensions and the API (/api/v1/...) do not change.
"""
from __future__ import annotations

from flask import Flask, redirect, request, url_for
from werkzeug.routing import Map

LANG_PART = "/<any(fr,en):lang>"
FORMER_FRENCH = "former_french_path"
SAFE_METHODS = {"GET", "HEAD"}

# Words several features use in their paths; a feature's FR_PATHS may override one.
COMMON = {
    "new": "nouveau", "edit": "modifier", "delete": "supprimer", "remove": "enlever", "publish": "publier",
    "return": "renvoyer", "submit": "soumettre", "review": "examen", "export": "exporter",
    "lookup": "chercher", "withdraw": "retirer", "propose": "proposer", "proposals": "propositions",
    "accept": "accepter", "decline": "refuser", "approve": "approuver", "reject": "rejeter",
    "confirm": "confirmer", "move": "deplacer", "toggle": "basculer", "account": "compte",
    "commitments": "engagements", "consultations": "consultations", "coalitions": "coalitions",
    "plans": "plans", "provinces": "provinces", "notifications": "notifications", "search": "recherche",
    "organisation": "organisation", "organisations": "organisations", "import": "importer",
}


def translate(path: str, table: dict[str, str]) -> str:
    """The French of a rule's path: each fixed word through the table (a file name's stem too); the
    variable parts (`<int:id>`, `<any(...):kind>`, `<code>.atom`) as they are."""
    out = []
    for segment in path.split("/"):
        if "<" in segment or not segment:
            out.append(segment)
            continue
        stem, dot, ext = segment.partition(".")
        out.append(table.get(stem, stem) + dot + ext)
    return "/".join(out)


def untranslated(rule_path: str, table: dict[str, str]) -> list[str]:
    """The fixed words of a path that neither the table nor COMMON names (a test lists them)."""
    words = []
    for segment in rule_path.split("/"):
        if segment and "<" not in segment:
            stem = segment.partition(".")[0]
            if stem not in table:
                words.append(stem)
    return words


def localize(app: Flask, tables: dict[str, dict[str, str]]) -> None:
    """Replace every `/<lang>/...` rule by its English and French rules; the former French paths redirect.

    `tables` maps a blueprint's name to its FR_PATHS. Two English paths that would share one French path
    stop the app at start-up rather than send a page to the wrong view."""
    old = app.url_map
    new = Map(default_subdomain=old.default_subdomain, strict_slashes=old.strict_slashes,
              redirect_defaults=old.redirect_defaults, converters=old.converters,
              sort_parameters=old.sort_parameters, sort_key=old.sort_key, host_matching=old.host_matching)
    french_of: dict[str, str] = {}
    former: list = []
    for rule in old.iter_rules():
        if not rule.rule.startswith(LANG_PART):
            new.add(_copy(rule, rule.rule, None))
            continue
        path = rule.rule[len(LANG_PART):]
        table = {**COMMON, **tables.get(rule.endpoint.split(".")[0], {})}
        french = translate(path, table)
        if french_of.setdefault(french, path) != path:
            raise RuntimeError(f"/fr{french} would serve both {french_of[french]} and {path}: "
                               "give one of them another French word (FR_PATHS)")
        new.add(_copy(rule, "/en" + path, "en"))
        new.add(_copy(rule, "/fr" + french, "fr"))
        if french != path:
            former.append((rule, path))
    app.url_map = new
    for rule, path in former:
        if path in french_of:  # a former path that is now another page's French path: the page wins
            continue
        app.add_url_rule("/fr" + path, FORMER_FRENCH, former_french_path, methods=rule.methods,
                         defaults={"lang": "fr", "_to": rule.endpoint}, strict_slashes=rule.strict_slashes)


def _copy(rule, path: str, lang: str | None):
    kwargs = dict(rule.get_empty_kwargs())
    if lang:
        kwargs["defaults"] = {**(kwargs["defaults"] or {}), "lang": lang}
    copy = type(rule)(path, **kwargs)
    copy.provide_automatic_options = getattr(rule, "provide_automatic_options", False)
    return copy


def page_of(endpoint: str, view_args: dict) -> tuple[str, dict]:
    """The page a request's endpoint and arguments stand for: a former French address stands for the page it
    redirects to (for the language switch of an error page answered before the redirect)."""
    args = dict(view_args)
    target = args.pop("_to", None) if endpoint == FORMER_FRENCH else None
    return target or endpoint, args


def former_french_path(_to: str, **values):
    """A French address from before French paths: 301 to the page's French address, query string kept
    (307 for a form sent there, so its data reaches the page)."""
    target = url_for(_to, lang="fr", **values)
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 301 if request.method in SAFE_METHODS else 307)
