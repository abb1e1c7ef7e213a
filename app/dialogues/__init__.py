from flask import Blueprint

bp = Blueprint("dialogues", __name__)
