"""What every template may use: formatting filters, the bilingual accessor, permissions, the language
switch and the main navigation."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, request, url_for
from flask_login import current_user

from . import i18n
from .addresses import page_of
from .auth.models import JURISDICTIONS, ROLE_LABELS, jurisdiction_name
from .errors import lang_of_path
from .markdown import render_markdown
from .permissions import can, can_some, visibility_levels


def switch_lang_url(target: str) -> str:
    """The current page in the other language."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        endpoint, args = page_of(request.endpoint, request.view_args or {})
        args["lang"] = target
        url = url_for(endpoint, **args)
        query = request.args.to_dict(flat=False)
        query.pop("lang", None)
        return url + ("?" + urlencode(query, doseq=True) if query else "")
    if lang_of_path():  # an address under /fr or /en that matched nothing: same address, other language
        return "/" + target + request.full_path.rstrip("?")[3:]
    return url_for("core.home", lang=target)


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def nav_items(nav) -> list[tuple[str, str, bool]]:
    """(url, label, current) for each entry of the main navigation the user may use."""
    items = []
    section = request.endpoint.split(".")[0] if request.endpoint else None
    for endpoint, label, permission in nav:
        if permission and not can(current_user, permission):
            continue
        items.append((url_for(endpoint), label, section == endpoint.split(".")[0]))
    return items


def register_template_helpers(app: Flask, nav) -> None:
    """`nav`: the main navigation, (endpoint, label, permission or None) entries."""
    app.jinja_env.autoescape = True
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        markdown=render_markdown,
        money=i18n.format_money,
        number=i18n.format_number,
        percent=i18n.format_percent,
        filesize=i18n.format_file_size,
        date=i18n.format_date,
        datetime=i18n.format_datetime,
        role_label=role_label,
    )

    @app.context_processor
    def helpers():
        return {
            "tr": i18n.localized,
            "written_in": i18n.written_in,
            "as_written": i18n.as_written,
            "current_lang": i18n.current_lang,
            "other_lang": i18n.other_lang,
            "lang_name": i18n.lang_name,
            "switch_lang_url": switch_lang_url,
            "can": lambda action, obj=None: can(current_user, action, obj),
            "can_some": lambda action: can_some(current_user, action),
            "visibility_levels": lambda: visibility_levels(current_user),
            "jurisdiction_name": jurisdiction_name,
            "JURISDICTIONS": JURISDICTIONS,
            "quick_exit_url": app.config["QUICK_EXIT_URL"],
            "nav_items": lambda: nav_items(nav),
        }
