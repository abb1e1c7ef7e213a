"""Adopting a plan: recording the political decision, freezing the consultation's
adopted version, telling the consultation's participants, and the plan's
whole road from consultation to decision on its public page."""

from flask import Blueprint

bp = Blueprint("adoption", __name__)
