import pytest
from django.core.exceptions import ValidationError

from programs.ksic import REVENUE_CAP_BY_DIVISION, KsicError, parse_ksic, validate_ksic_code

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("value", "section", "division", "text"),
    [
        ("C25", "C", 25, "C25"),
        ("25", "C", 25, "C25"),
        ("25112", "C", 25, "C25112"),
        ("C 25112", "C", 25, "C25112"),
        ("c-25112", "C", 25, "C25112"),
        ("10", "C", 10, "C10"),
        ("34", "C", 34, "C34"),
        ("35", "D", 35, "D35"),
        ("08", "B", 8, "B08"),
        ("G46", "G", 46, "G46"),
        ("62010", "J", 62, "J62010"),
    ],
)
def test_parse(value, section, division, text):
    code = parse_ksic(value)
    assert (code.section, code.division, str(code)) == (section, division, text)
    assert code.is_manufacturing is (section == "C")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "Enter a KSIC code"),
        ("C", "no division"),
        ("5", "too short"),
        ("09", "no KSIC division 09"),
        ("C35", "section D, not C"),
        ("A25", "section C, not A"),
        ("manufacturing", "is not a KSIC code"),
        ("C251121", "is not a KSIC code"),
        ("25.1.1", "is not a KSIC code"),
    ],
)
def test_garbage_is_refused_with_a_clear_message(value, fragment):
    with pytest.raises(KsicError) as error:
        parse_ksic(value)
    assert fragment in str(error.value)
    with pytest.raises(ValidationError):
        validate_ksic_code(value)


def test_every_manufacturing_division_has_a_revenue_band():
    assert sorted(REVENUE_CAP_BY_DIVISION) == list(range(10, 35))
    assert REVENUE_CAP_BY_DIVISION[14] == 150_000_000_000
    assert REVENUE_CAP_BY_DIVISION[25] == 100_000_000_000
    assert REVENUE_CAP_BY_DIVISION[11] == 80_000_000_000
    assert REVENUE_CAP_BY_DIVISION[34] == 60_000_000_000
