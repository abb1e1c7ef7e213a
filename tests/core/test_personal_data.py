"""Personal identity numbers and phone numbers are found; look-alikes pass."""

from __future__ import annotations

import pytest

from app.core.personal_data import find_personal_data, luhn_valid


def with_check_digit(nine: str) -> str:
    """The tenth digit that makes YYMMDDNNN a valid number (Luhn)."""
    return next(nine + str(d) for d in range(10) if luhn_valid(nine + str(d)))


def kinds(text: str) -> list[str]:
    return [finding.kind for finding in find_personal_data(text)]


VALID_TEN = with_check_digit("811228987")        # 8112289874
COORDINATION = with_check_digit("701063239")     # samordningsnummer: day 3 + 60


@pytest.mark.parametrize("text", [
    f"{VALID_TEN[:6]}-{VALID_TEN[6:]}",
    VALID_TEN,
    f"{VALID_TEN[:6]}+{VALID_TEN[6:]}",          # over 100 years old
    f"{VALID_TEN[:6]} {VALID_TEN[6:]}",
    f"19{VALID_TEN[:6]}-{VALID_TEN[6:]}",
    f"19{VALID_TEN}",
    f"{COORDINATION[:6]}-{COORDINATION[6:]}",
    f"19{COORDINATION}",
    f"20{with_check_digit('040229123')}",          # 29 February in a leap year
    f"Min granne har personnummer {VALID_TEN[:6]}-{VALID_TEN[6:]}, ring inte.",
    f"({VALID_TEN[:6]}-{VALID_TEN[6:]})",
])
def test_identity_numbers_are_found(text):
    assert kinds(text) == ["identity_number"]


def test_the_finding_names_the_number():
    text = f"Se {VALID_TEN[:6]}-{VALID_TEN[6:]} här"
    assert find_personal_data(text)[0].text == f"{VALID_TEN[:6]}-{VALID_TEN[6:]}"


def _bad_check(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.mark.parametrize("text", [
    f"{VALID_TEN[:6]}-{_bad_check(VALID_TEN)[6:]}",               # wrong check digit
    f"19{_bad_check(VALID_TEN)}",
    f"{with_check_digit('811232987')[:6]}-{with_check_digit('811232987')[6:]}",  # 32nd
    with_check_digit("810230123"),                                 # 30 February
    with_check_digit("811328987"),                                 # month 13
    with_check_digit("810229123"),                                 # 29 Feb, not leap year
    with_check_digit("811292987"),                                 # day 92 (60 + 32)
    f"21{with_check_digit('811228987')}",                          # no such century
    f"{VALID_TEN}1",                                               # part of a longer number
    f"A{VALID_TEN}",                                               # part of a code
])
def test_invalid_identity_numbers_pass(text):
    assert "identity_number" not in kinds(text)


@pytest.mark.parametrize("text", [
    "070-123 45 67", "0701234567", "070 123 45 67", "+46 70 123 45 67", "+46701234567",
    "0046 70 123 45 67", "+46 (0)70-123 45 67", "08-123 456 78", "08-12 34 56",
    "0480-123 45", "031-123 45 67", "Ring mig på 070-123 45 67 efter fem.",
])
def test_phone_numbers_are_found(text):
    assert kinds(text) == ["phone_number"]


@pytest.mark.parametrize("text", [
    "2026-11-23", "20261123", "den 23/11 2026", "1 250 000 kr", "1 250 000 kronor",
    "12 500 000", "postnummer 123 45", "123 45 Sjövik", "2019–2026", "2019-2026",
    "åren 2020-2030", "kl. 08:00–17:00", "08.00-17.00", "kl 8-17", "öppet 0800-1700",
    "12:30-13:45", "2026-01-05 2026-02-10", "från 2026-01-05 till 2026-02-10",
    "Budget 2 500 000 kronor 2026-2028", "datum 20260105 och 20260210",
    "KS 2025/88", "Kdn 2017/164", "F-2026-0042", "0,5 mil", "10 000 invånare",
    "E4 vid avfart 120", "organisationsnummer 556677-8899", "",
])
def test_look_alikes_pass(text):
    assert find_personal_data(text) == []


def test_nothing_to_check():
    assert find_personal_data(None) == []
    assert find_personal_data("   ") == []


def test_a_text_with_both_reports_both():
    text = f"{VALID_TEN[:6]}-{VALID_TEN[6:]} och 070-123 45 67"
    assert sorted(kinds(text)) == ["identity_number", "phone_number"]
