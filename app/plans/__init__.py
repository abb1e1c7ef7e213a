"""Plans (styrdokument) and their actions."""

from flask import Blueprint

bp = Blueprint("plans", __name__)
