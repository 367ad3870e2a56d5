"""The blueprints: pages under /<lang>/coalitions, the JSON API under /api/v1. Routes live in views/."""
import click
from flask import Blueprint

# cli_group=None hands the blueprint's command groups to the app at the top level, so the directory's
# imports read `concerto services import` and `concerto protocols import` (cli.py puts the commands in them;
# the `coalitions` group itself is cli.py's `cli`).
bp = Blueprint("coalitions", __name__, url_prefix="/coalitions", cli_group=None)
api_bp = Blueprint("coalitions_api", __name__)

# The French of the words in this feature's page addresses (portal/addresses.py): /fr/coalitions/lacunes.
FR_PATHS = {"coalition": "coalition", "strategy": "strategie", "protocol": "protocole", "protocols": "protocoles",
            "service": "service", "services": "services", "directory": "repertoire", "gaps": "lacunes",
            "due": "a-revoir", "notes": "notes", "versions": "versions"}

services_cli = click.Group("services", help="The directory of services for victims.")
protocols_cli = click.Group("protocols", help="Protocols and agreements.")
bp.cli.add_command(services_cli)
bp.cli.add_command(protocols_cli)
