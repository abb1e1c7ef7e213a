"""Every state-changing request needs the CSRF token.

The suite runs with CSRF off for convenience; here it is switched back on and
every route that accepts POST is tried without a token, signed in as an
administrator (who could otherwise do everything).
"""

import re

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from tests.factories import PASSWORD
from tests.test_authz_matrix import build_url, matrix_objects, route_rules


@pytest.fixture
def csrf_app(app):
    previous = app.config["WTF_CSRF_ENABLED"]
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield app
    finally:
        app.config["WTF_CSRF_ENABLED"] = previous


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, to prove that nothing changed."""
    _db.session.expire_all()
    return {table.name: sorted(map(tuple, _db.session.execute(select(table)).all()), key=repr)
            for table in _db.metadata.sorted_tables}


def post_rules(app):
    return [rule for rule in route_rules(app) if "POST" in rule.methods]


def test_there_are_post_routes_to_check(app):
    assert len(post_rules(app)) >= 10


def test_every_post_without_a_token_is_refused_and_changes_nothing(csrf_app, db, make):
    admin = make.user("admin")
    objects = matrix_objects(make)
    client = csrf_app.test_client()
    problems = []

    for rule in post_rules(csrf_app):
        with client.session_transaction() as session:
            session["_user_id"] = admin.get_id()
            session["_fresh"] = True
        url = build_url(csrf_app, rule, objects)
        before = snapshot()

        response = client.post(url, data={"language": "en", "role": "resident",
                                          "name": "Nytt namn", "description": "Ny text",
                                          "display_name": "Nytt namn", "locale": "en"})

        if response.status_code != 400:
            problems.append(f"POST {url}: {response.status_code}, expected 400")
        if snapshot() != before:
            problems.append(f"POST {url} changed the database without a token")
        if client.get_cookie("lang") is not None:
            problems.append(f"POST {url} set the language cookie without a token")

    assert not problems, "\n".join(problems)


def test_a_wrong_token_is_refused_too(csrf_app, make):
    make.user(email="anna@example.org")
    client = csrf_app.test_client()
    client.get("/konto/logga-in")
    response = client.post("/konto/logga-in", data={
        "email": "anna@example.org", "password": PASSWORD, "csrf_token": "förfalskad"})
    assert response.status_code == 400
    assert client.get("/konto").status_code == 302


def test_the_form_token_lets_a_real_user_through(csrf_app, make):
    make.user(email="anna@example.org")
    client = csrf_app.test_client()
    html = client.get("/konto/logga-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    response = client.post("/konto/logga-in", data={
        "email": "anna@example.org", "password": PASSWORD, "csrf_token": token})

    assert response.status_code == 302
    assert client.get("/konto").status_code == 200


def test_the_handling_forms_carry_their_own_prefixed_token(csrf_app, make, cf):
    """Each item on the consultation's handling page has its own form (field
    names with a prefix); its token is accepted, a missing one refused."""
    from app.consultation.models import InputHandling

    consultation = cf.consultation(days_before=40, days_after=-1)
    comment = cf.comment(cf.sections(cf.first_version(consultation))[0])
    moderator = make.user("moderator")
    client = csrf_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = moderator.get_id()
        session["_fresh"] = True
    base = f"/admin/styrdokument/{consultation.plan_id}/samrad/hantering"
    html = client.get(base).get_data(as_text=True)
    prefix = f"k{comment.id}"
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"',
                      html).group(1)
    data = {f"{prefix}-outcome": "noted", f"{prefix}-motivation": "Tack."}

    assert client.post(f"{base}/kommentarer/{comment.id}", data=data).status_code == 400
    assert _db.session.scalar(select(InputHandling.id)) is None
    response = client.post(f"{base}/kommentarer/{comment.id}",
                           data={**data, f"{prefix}-csrf_token": token})
    assert response.status_code == 302
    assert _db.session.scalar(select(InputHandling.id)) is not None
