"""Who may see what of the notifications app."""

from typing import Any

from portal.accounts.permissions import is_administrator, is_technopark_staff


def can_view_deliveries(user: Any) -> bool:
    """Technopark staff (managers included) and administrators see every notification's delivery."""
    return is_technopark_staff(user) or is_administrator(user)
