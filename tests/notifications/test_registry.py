"""The registry of events: the domain apps declare their events and contexts; notifications knows none itself."""

import ast
import importlib
import importlib.util
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _

from portal.celery import app
from portal.notifications.events import (
    STAFF,
    Event,
    event_get,
    events_all,
    events_optional,
    register_context,
    register_events,
    registered_contexts,
)
from portal.notifications.rendering import context_load

NOTIFICATIONS = Path(settings.BASE_DIR) / "portal" / "notifications"
DOMAIN = re.compile(r"^(applications|programs|reports|evaluation|review)\b")


def modules_and_strings(path: Path) -> tuple[set[str], set[str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules, strings = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add(node.value)
    return modules, strings


def test_the_notifications_app_names_no_domain_app():
    """No import (at the top or inside a function) and no model label such as "applications.Application"; the
    first migration keeps the history of the subscriptions that moved out."""
    found = []
    for path in sorted(NOTIFICATIONS.rglob("*.py")):
        if path.name == "0001_initial.py":
            continue
        modules, strings = modules_and_strings(path)
        found += [(path.name, name) for name in modules | strings if DOMAIN.match(name)]
    assert found == []


def test_every_event_of_every_app_is_registered_with_its_templates():
    keys = {event.key for event in events_all()}
    assert {"application_submitted", "decision_selected", "call_closing", "agreement_due"} <= keys  # applications
    assert {"expert_assigned", "evaluation_reminder", "all_scores_in"} <= keys  # evaluation
    assert {"outcome_report_due", "outcome_report_overdue", "outcome_report_returned"} <= keys  # outcomes
    for event in events_all():
        for audience in event.audiences:
            for part in ("subject.txt", "body.txt", "body.html"):
                assert select_template(event.template_names(audience.name, part))
    assert {event.key for event in events_optional()} == {
        "revision_submitted",
        "evaluation_reminder",
        "all_scores_in",
        "agreement_confirmed",
        "outcome_report_verified",
        "outcome_report_submitted",
        "call_opening",
        "call_closing",
        "progress_report_submitted",
        "progress_report_accepted",
        "progress_report_due",
        "meeting_registered",
        "meeting_reminder",
    }


def test_a_key_declared_again_must_be_the_same_declaration():
    known = event_get("application_submitted")
    register_events(known)  # a second ready() declares the same thing again: accepted
    with pytest.raises(ImproperlyConfigured):
        register_events(Event("application_submitted", _("Something else"), False, (STAFF,)))
    assert event_get("application_submitted") is known
    with pytest.raises(ImproperlyConfigured):
        register_context("application", registered_contexts["call"])
    with pytest.raises(ValueError, match="unknown notification event"):
        event_get("no_such_event")


def test_context_keys_that_no_app_registered_are_left_out(db):
    assert context_load({"no_such_key": 1, "application": None}) == {}


def test_every_scheduled_task_is_a_task_of_some_app():
    """What the worker's autodiscovery finds: the ``tasks`` module of each installed app."""
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.tasks") is not None:
            importlib.import_module(f"{config.name}.tasks")
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)
