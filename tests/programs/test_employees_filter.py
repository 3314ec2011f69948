"""Regular employees read one way on every page: one decimal, rounded down."""

from decimal import Decimal

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("value", "shown"),
    [("25.00", "25.0"), (Decimal("45"), "45.0"), (17.92, "17.9"), (Decimal("29.99"), "29.9"), (None, "—")],
)
def test_employee_counts_have_one_format(value, shown):
    template = Template('{% load employees %}{{ value|employees|default:"—" }}')
    assert template.render(Context({"value": value})) == shown
