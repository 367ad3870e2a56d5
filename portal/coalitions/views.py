"""Pages (bp, under /<lang>/coalitions) and the JSON API (api_bp, under /api/v1). The routes live in
pages.py, editing.py and api.py; importing them here registers them on the blueprints."""
from flask import Blueprint

# cli_group=None puts the blueprint's commands at the top level: `concerto services import`,
# `concerto protocols import` (the `coalitions` group itself comes from cli.py).
bp = Blueprint("coalitions", __name__, url_prefix="/coalitions", cli_group=None)
api_bp = Blueprint("coalitions_api", __name__)

from . import api, editing, pages  # noqa: E402,F401
from .cli import protocols_cli, services_cli  # noqa: E402

bp.cli.add_command(services_cli)
bp.cli.add_command(protocols_cli)


@bp.context_processor
def _directory_helpers():
    from . import vocab

    return {"vocab": vocab, "label": vocab.label, "labels": vocab.labels}
