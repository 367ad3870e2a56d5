"""The accounts blueprint: sign-in and out, the account page, invitations (pages under /<lang>/)."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
