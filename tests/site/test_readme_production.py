"""What README's production section names exists: every `flask --app app …`
command in the README, and every setting of the deploy section."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEPLOY = README[README.index("## Deploy to production"):README.index("## Layout")]

COMMANDS = sorted(set(re.findall(r"flask --app app ([a-z][a-z-]*) ([a-z][a-z-]*)", README)))
# Read by pg_dump, or by the test suite, not by the app.
NOT_APP_SETTINGS = {"PGPASSWORD", "TEST_REDIS_URL"}


@pytest.mark.parametrize(("group", "command"), COMMANDS)
def test_every_command_in_the_readme_exists(app, group, command):
    result = app.test_cli_runner().invoke(args=[group, command, "--help"])
    assert result.exit_code == 0, f"flask {group} {command}: {result.output}"


def test_the_cron_lines_name_the_sending_commands_and_the_backup():
    cron = DEPLOY[DEPLOY.index("```cron"):]
    cron = cron[:cron.index("```", 3)]
    for needed in ("mail send", "moderation send-summary", "dialogues send-reminders",
                   "mail digest", "backup create"):
        assert f"flask --app app {needed}" in cron


def test_every_setting_of_the_deploy_section_is_read_somewhere():
    sources = "".join((ROOT / path).read_text(encoding="utf-8") for path in
                      ("app/config.py", "gunicorn.conf.py", "app/core/backup.py"))
    named = set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)", DEPLOY)) - NOT_APP_SETTINGS
    assert named, "the deploy section names no settings"
    missing = sorted(name for name in named if f'"{name}"' not in sources)
    assert missing == []
