"""Officials see the actions they answer for that are due this year and have gone quiet."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.i18n import local_now
from app.core.models import utcnow
from app.extensions import db
from app.plans.models import ActionStatus, ActionUpdate, PlanStatus

HEADING = "Ska följas upp"


def _action(plf, official, *, year=None, status=ActionStatus.ONGOING, updated_days_ago=None,
            plan_status=PlanStatus.ADOPTED, text="Åtgärd"):
    plan = plf.plan(status=plan_status, commit=False)
    action = plf.action(plf.commitment(plan, commit=False), status=status, text=text,
                        responsible_users=(official,), commit=False)
    action.follow_up_year = year or local_now().year
    if updated_days_ago is not None:
        db.session.add(ActionUpdate(action_id=action.id, text="Uppdatering", status=status,
                                    progress=10,
                                    created_at=utcnow() - timedelta(days=updated_days_ago)))
    db.session.commit()
    return action


def test_quiet_actions_due_this_year_are_listed_longest_silent_first(client, login_as, plf,
                                                                      official):
    never = _action(plf, official, text="Aldrig uppdaterad")
    long_ago = _action(plf, official, updated_days_ago=200, text="Uppdaterad för länge sedan")
    recent = _action(plf, official, updated_days_ago=10, text="Nyligen uppdaterad")
    next_year = _action(plf, official, year=local_now().year + 1, text="Nästa år")
    done = _action(plf, official, status=ActionStatus.DONE, text="Klar")
    draft = _action(plf, official, plan_status=PlanStatus.DRAFT, text="Utkast")

    login_as(official)
    page = client.get("/konto/mina-atgarder").get_data(as_text=True)

    due = page[page.index(HEADING):page.index("Alla mina åtgärder")]
    assert due.index(f"/atgarder/{never.id}") < due.index(f"/atgarder/{long_ago.id}")
    for quiet in (recent, next_year, done, draft):
        assert f"/atgarder/{quiet.id}#" not in due


def test_another_officials_actions_are_not_listed(client, login_as, plf, make, official):
    _action(plf, make.user("official"))
    login_as(official)
    page = client.get("/konto/mina-atgarder").get_data(as_text=True)
    assert HEADING not in page


@pytest.mark.parametrize("days_ago, listed", [(89, False), (91, True)])
def test_the_ninety_day_boundary(client, login_as, plf, official, days_ago, listed):
    action = _action(plf, official, updated_days_ago=days_ago)
    login_as(official)
    page = client.get("/konto/mina-atgarder").get_data(as_text=True)
    assert (f"/atgarder/{action.id}#uppdatera" in page.split("Alla mina åtgärder")[0]) is listed
