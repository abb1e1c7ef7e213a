"""`flask reports followup`: the yearly follow-up report as a file."""

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.plans import queries
from app.plans.models import Plan
from app.reports import formats
from app.reports.followup import FIRST_YEAR, LAST_YEAR, build

reports_cli = AppGroup("reports", help="Reports: the yearly follow-up of a plan.")

WRITERS = {"csv": formats.to_csv, "xlsx": formats.to_xlsx, "docx": formats.to_docx}


def find_plan(key: str) -> Plan | None:
    """A plan by registry number (as written in it), or by id."""
    key = key.strip()
    plan_id = db.session.scalar(select(Plan.id).where(Plan.registry_number == key))
    if plan_id is None and key.isdigit() and len(key) < 11:
        plan_id = int(key)
    return queries.plan_document(plan_id) if plan_id is not None else None


@reports_cli.command("followup")
@click.option("--plan", "plan_key", required=True,
              help="The plan's registry number (e.g. 'KS 2025/88') or id.")
@click.option("--year", required=True, type=click.IntRange(FIRST_YEAR, LAST_YEAR))
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="xlsx",
              show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write.")
def followup_command(plan_key: str, year: int, fmt: str, output: Path) -> None:
    """Write the follow-up report of a plan for a year (every title of the links)."""
    plan = find_plan(plan_key)
    if plan is None:
        raise click.ClickException(f"No plan with the registry number or id {plan_key!r}.")
    report = build(plan, year, all_titles=True)
    try:
        output.write_bytes(WRITERS[fmt](report))
    except OSError as error:
        raise click.ClickException(f"Could not write {output}: {error.strerror}") from error
    click.echo(f"{output}: {report.action_count} actions, {report.proposals_linked} linked "
               f"proposals, {report.dialogues_linked} linked dialogues ({plan.title}, {year}).")
