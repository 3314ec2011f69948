"""What a company has to do next, with its date, and what it has filed: one entry per item, gathered from the apps
that own them."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.functional import Promise


@dataclass(frozen=True)
class DueItem:
    title: str | Promise  # what is due, e.g. "Outcome report 2027"
    project: str  # the project title (or receipt number)
    due_on: date | None
    url: str  # where the company does it
    overdue: bool


@dataclass(frozen=True)
class FiledItem:
    """Something the company filed after selection, for the history on its dashboard."""

    at: datetime
    title: str | Promise  # e.g. "Final report submitted"
    project: str
    url: str
