"""`flask users create-admin EMAIL` for setting up a new installation."""

from sqlalchemy import func, select

from app.accounts.models import User

ADMIN_PASSWORD = "ett-starkt-adminlosenord"


def create_admin(app, *args, password=ADMIN_PASSWORD):
    runner = app.test_cli_runner()
    return runner.invoke(args=["users", "create-admin", *args],
                         env={"INFLYTANDE_ADMIN_PASSWORD": password})


def users(db) -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User)))


def test_creates_a_verified_admin_with_the_password_from_the_environment(app, db):
    result = create_admin(app, "Chef@Example.org", "--name", "Kommunens admin")

    assert result.exit_code == 0, result.output
    assert "chef@example.org" in result.output
    [admin] = users(db)
    assert admin.email == "chef@example.org"
    assert admin.display_name == "Kommunens admin"
    assert admin.role == "admin"
    assert admin.active
    assert admin.email_verified_at is not None
    assert admin.check_password(ADMIN_PASSWORD)


def test_the_admin_can_sign_in(app, db, client):
    create_admin(app, "chef@example.org")
    response = client.post("/konto/logga-in", data={"email": "chef@example.org",
                                                     "password": ADMIN_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin").status_code == 200


def test_an_existing_account_is_made_admin_instead_of_duplicated(app, db, make):
    make.user(email="anna@example.org", active=False)

    result = create_admin(app, "anna@example.org")

    assert result.exit_code == 0, result.output
    [admin] = users(db)
    assert (admin.role, admin.active) == ("admin", True)
    assert admin.check_password(ADMIN_PASSWORD)


def test_a_short_password_is_refused(app, db):
    result = create_admin(app, "chef@example.org", password="kort")
    assert result.exit_code != 0
    assert "10" in result.output
    assert users(db) == []


def test_an_invalid_address_is_refused(app, db):
    for address in ("inte-en-adress", "a" * 250 + "@example.org"):
        result = create_admin(app, address)
        assert result.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_without_the_environment_variable_the_password_is_asked_for(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create-admin", "chef@example.org"],
                           input=f"{ADMIN_PASSWORD}\n{ADMIN_PASSWORD}\n",
                           env={"INFLYTANDE_ADMIN_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    assert users(db)[0].check_password(ADMIN_PASSWORD)
