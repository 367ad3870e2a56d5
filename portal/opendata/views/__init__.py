"""The open data feature's routes, registered on the blueprint of ..blueprint when imported."""
from . import pages  # noqa: F401
