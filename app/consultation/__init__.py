"""Drafts in consultation (samråd): a plan's draft text in sections, its
published versions, section comments, proposals tied to sections, and
organisations' consultation responses (samrådsyttranden)."""

from flask import Blueprint

bp = Blueprint("consultation", __name__)
