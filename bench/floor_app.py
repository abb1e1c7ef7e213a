"""The framework floor: a minimal Flask app whose one route renders a trivial
template. `make bench` serves it with the same gunicorn settings as the real
app, so each page's throughput can be compared to what Flask and gunicorn
manage with no work at all."""

from pathlib import Path

from flask import Flask, render_template

app = Flask(__name__, template_folder=str(Path(__file__).resolve().parent / "templates"))


@app.route("/")
def index():
    return render_template("floor.html", title="Golvet")


@app.route("/healthz")
def healthz():
    return "ok"
