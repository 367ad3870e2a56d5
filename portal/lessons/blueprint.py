"""The lessons blueprint. Its pages sit under /<lang>/search/... (lessons, findings, glossary, saved searches),
the addresses they had when they were part of search."""
from flask import Blueprint

bp = Blueprint("lessons", __name__, url_prefix="/search")
