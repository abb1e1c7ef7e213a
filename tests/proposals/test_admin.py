"""Themes (/admin/teman) and participation settings (/admin/forslag): admins only."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Theme
from app.site.models import MunicipalitySettings
from app.site.services import get_settings
from tests.proposals.helpers import assert_safe, reload


def _themes() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Theme.name).order_by(Theme.id)))


@pytest.mark.parametrize("role", ["resident", "moderator", "official"])
@pytest.mark.parametrize("url", ["/admin/teman", "/admin/forslag"])
def test_only_admins_reach_the_pages(client, make, pf, login_as, role, url):
    client = login_as(make.user(role))
    assert client.get(url).status_code == 403
    assert client.post(url, data={"name": "Nytt tema", "premoderation": "",
                                  "support_threshold": "1",
                                  "support_window_days": "1",
        "report_threshold": "3"}).status_code == 403
    theme = pf.theme()
    assert client.post(f"/admin/teman/{theme.id}", data={"name": "Kapat"}).status_code == 403
    assert client.post(f"/admin/teman/{theme.id}/arkivera").status_code == 403
    assert reload(theme).archived_at is None


@pytest.mark.parametrize("url", ["/admin/teman", "/admin/forslag"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    assert client.get(url).status_code == 302


def test_an_admin_adds_renames_and_archives_themes(client, pf, login_as, admin):
    existing = pf.theme("Trygghet")
    client = login_as(admin)

    assert client.post("/admin/teman", data={"name": "  Idrott <b>fet</b> "}).status_code == 302
    assert "Idrott <b>fet</b>" in _themes()
    html = client.get("/admin/teman").get_data(as_text=True)
    assert "Idrott &lt;b&gt;fet&lt;/b&gt;" in html
    assert_safe(html)

    assert client.post(f"/admin/teman/{existing.id}",
                       data={"name": "Trygghet och säkerhet"}).status_code == 302
    assert reload(existing).name == "Trygghet och säkerhet"

    client.post(f"/admin/teman/{existing.id}/arkivera")
    assert reload(existing).archived_at is not None
    client.post(f"/admin/teman/{existing.id}/arkivera")
    assert reload(existing).archived_at is None


@pytest.mark.parametrize("name", ["Trafik", "trafik", "  TRAFIK  ", "Östra delen",
                                  "ÖSTRA DELEN", "östra delen"])
def test_duplicate_theme_names_are_refused_whatever_the_case(client, pf, login_as, admin,
                                                              name):
    pf.theme("Trafik")
    pf.theme("Östra delen")
    before = _themes()
    response = login_as(admin).post("/admin/teman", data={"name": name})
    assert response.status_code == 400
    assert _themes() == before


def test_renaming_to_another_themes_name_is_refused(client, pf, login_as, admin):
    pf.theme("Trafik")
    culture = pf.theme("Kultur")
    response = login_as(admin).post(f"/admin/teman/{culture.id}", data={"name": "TRAFIK"})
    assert response.status_code == 400
    assert reload(culture).name == "Kultur"
    # Keeping its own name, in another case, is fine.
    assert login_as(admin).post(f"/admin/teman/{culture.id}",
                                data={"name": "KULTUR"}).status_code == 302


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_bad_theme_names_are_refused(client, login_as, admin, name):
    before = _themes()
    assert login_as(admin).post("/admin/teman", data={"name": name}).status_code == 400
    assert _themes() == before


@pytest.mark.parametrize("theme_id", ["999999", "99999999999999999999999"])
def test_unknown_themes_are_404(client, login_as, admin, theme_id):
    client = login_as(admin)
    assert client.get(f"/admin/teman/{theme_id}").status_code == 404
    assert client.post(f"/admin/teman/{theme_id}/arkivera").status_code == 404


def test_the_settings_are_saved(client, login_as, admin):
    response = login_as(admin).post("/admin/forslag", data={
        "support_threshold": "25", "support_window_days": "30",
        "report_threshold": "3"})  # premoderation unticked
    assert response.status_code == 302
    db.session.expire_all()
    settings = db.session.get(MunicipalitySettings, 1)
    assert (settings.premoderation, settings.support_threshold,
            settings.support_window_days) == (False, 25, 30)


def test_the_defaults_are_premoderation_100_supports_and_60_days(app_context):
    settings = get_settings()
    assert (settings.premoderation, settings.support_threshold,
            settings.support_window_days) == (True, 100, 60)


@pytest.mark.parametrize("threshold, days", [
    ("0", "30"), ("-5", "30"), ("1000001", "30"), ("abc", "30"), ("", "30"),
    ("10", "0"), ("10", "3651"), ("10", "1.5"), ("10", ""),
    ("99999999999999999999999", "30"),
])
def test_numbers_out_of_range_are_refused(client, login_as, admin, threshold, days):
    response = login_as(admin).post("/admin/forslag", data={
        "premoderation": "y", "support_threshold": threshold, "support_window_days": days,
        "report_threshold": "3"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(MunicipalitySettings)) == 0
