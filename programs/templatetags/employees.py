"""Regular employees (상시근로자) on a page: one format everywhere, one decimal rounded down (29.99 → 29.9)."""

from decimal import Decimal, InvalidOperation

from django import template

from ..employees import format_one_decimal

register = template.Library()


@register.filter
def employees(value: object) -> str:
    """``25`` / ``"25.00"`` / ``17.92`` → ``25.0`` / ``25.0`` / ``17.9``; empty for no figure, as typed otherwise."""
    if value is None or value == "":
        return ""
    try:
        return format_one_decimal(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
