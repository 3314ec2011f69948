"""What a company has to do next, with its date: one entry per item, gathered from the apps that own them."""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise


@dataclass(frozen=True)
class DueItem:
    title: str | Promise  # what is due, e.g. "Outcome report 2027"
    project: str  # the project title (or receipt number)
    due_on: date | None
    url: str  # where the company does it
    overdue: bool
