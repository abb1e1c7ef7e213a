"""Demo plans, loaded through the importer officials use."""

from __future__ import annotations

from pathlib import Path

from app.plans import services
from app.plans.importer import parse_file

FILES = Path(__file__).parent / "files"


def load_demo_plans() -> None:
    # The Word text export of the municipality's action plan, imported as is.
    path = FILES / "handlingsplan-sjovik.txt"
    draft = parse_file(path, path.name)
    services.save_draft(draft, kind="action_plan",
                        owner="Samhällsbyggnadsförvaltningen")
