"""The administration blueprint: users, organisations and the audit log, under /<lang>/admin."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
