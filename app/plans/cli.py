"""`flask plans …`: import officials' action plans as they are."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.extensions import db
from app.plans import lifecycle, services
from app.plans.import_messages import describe, describe_all
from app.plans.importer import PlanImportError, parse_file
from app.plans.models import PlanKind

plans_cli = AppGroup("plans", help="Steering documents (styrdokument).")


@plans_cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Read and check the file, save nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--replace", is_flag=True,
              help="Update the plan with the same registry number instead of refusing.")
@click.option("--title", default=None, help="Title, for CSV and XLSX files (they have none).")
@click.option("--registry-number", default=None, help="Registry number (diarienummer).")
@click.option("--period", default=None, help="First and last year, like 2025-2027.")
@click.option("--kind", type=click.Choice([k.value for k in PlanKind]),
              default=PlanKind.ACTION_PLAN.value, show_default=True)
def import_command(path: Path, dry_run: bool, as_json: bool, replace: bool, title: str | None,
                   registry_number: str | None, period: str | None, kind: str) -> None:
    """Import a plan from CSV, XLSX or a Word plan's text export."""
    try:
        draft = parse_file(path, path.name)
    except PlanImportError as error:
        raise click.ClickException(describe(error)) from error
    except OSError as error:
        raise click.ClickException(str(error)) from error
    if title:
        draft.title = title
    if registry_number:
        draft.registry_number = registry_number
    if period:
        first, _sep, last = period.partition("-")
        if not (first.isdigit() and (not last or last.isdigit())):
            raise click.ClickException("Give the period as two years, like 2025-2027.")
        draft.period = (int(first), int(last or first))
    changes = services.replace_preview(draft) if replace else None
    if changes is not None and changes.blocked:
        db.session.rollback()
        raise click.ClickException(changes.refusal())
    if not dry_run:
        try:
            services.save_draft(draft, kind=kind, replace=replace)
        except services.PlanError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        db.session.commit()
    summary = draft.summary_dict()
    summary["warnings"] = describe_all(draft.warnings)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    period_text = "–".join(str(y) for y in summary["plan"]["period"] or []) or "no period"
    click.echo(f"{'Checked' if dry_run else 'Imported'}: {draft.title} "
               f"({draft.registry_number or 'no registry number'}, {period_text})")
    click.echo(f"{summary['challenges']} challenges, {summary['commitments']} commitments, "
               f"{summary['actions']} actions.")
    if changes is not None:
        click.echo(_("Replacing the stored plan: %(changes)s.", changes=changes.describe()))
    for warning in summary["warnings"]:
        click.echo(_("Warning: %(warning)s", warning=warning))
    if dry_run:
        click.echo("Nothing was saved (--dry-run).")


@plans_cli.command("expire")
def expire_command() -> None:
    """Mark adopted plans whose last year is over as expired (run daily from cron)."""
    changed = lifecycle.expire_ended()
    db.session.commit()
    for plan in changed:
        click.echo(_("Expired: %(title)s (%(number)s), last year %(year)s.",
                     title=plan.title, number=plan.registry_number or "–",
                     year=plan.last_year))
    if not changed:
        click.echo(_("No steering document expired."))
