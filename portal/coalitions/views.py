from flask import Blueprint

bp = Blueprint("coalitions", __name__, url_prefix="/coalitions")
