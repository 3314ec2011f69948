"""Generated input posted to every form the portal shows, found by walking its pages as each role: never 500, and a
refused form writes nothing.

The demo's seeders make the objects (a company with a draft, staff with a verified second factor, experts with
assignments, the city's official); the walk follows the site's own links from each role's start pages and keeps
every ``<form method="post">`` with its fields, so a new form is fuzzed without anyone listing it. Each example
runs in a savepoint that is rolled back, so that examples do not see each other's writes.
"""

import re
import time

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils.module_loading import import_string
from hypothesis import given, settings

from portal.accounts.models import User
from tests.review.helpers import login_verified

from .conftest import FORMS_SHARE, examples_per_target
from .forms import walk
from .inputs import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_unthrottled")]

# (who, email or None, whether staff sign in with their second factor, where the walk starts)
ROLES = [
    ("anonymous", None, False, ["/", "/programs/", "/programs/eligibility/", "/results/", "/accounts/signup/"]),
    ("company with a draft", "owner.byeolbit@demo.yc.kr", False, ["/", "/company/"]),
    ("company without an application", "company@demo.yc.kr", False, ["/", "/company/", "/programs/"]),
    ("staff", "staff@demo.yc.kr", True, ["/", "/staff/"]),
    ("manager", "manager@demo.yc.kr", True, ["/", "/staff/"]),
    ("expert", "expert@demo.yc.kr", False, ["/", "/expert/"]),
    ("city official", "city@demo.yc.kr", True, ["/"]),
]
MAX_PAGES_PER_ROLE = 80
# Tables a refused form may still write, by design: the session (sign-in attempts rotate it), and the audit log,
# which records every state-changing request of staff, experts, officials and administrators, refused ones included.
NOT_COUNTED = {"django_session", "audit_auditentry"}
# A refused form that still writes, on purpose, and why (then the rows it wrote must be whole: full_clean passes).
WRITES_WHEN_REFUSED: dict[str, str] = {
    "applications:application_edit": "a draft is always saved, with the errors shown beside it (docs/applications.md)",
}
ERROR_MARKERS = re.compile(rb'is-invalid|class="errorlist|alert-danger|role="alert"')


def seed_demo() -> None:
    for dotted in django_settings.DEMO_SEEDERS:
        import_string(dotted)(log=lambda line: None)


def tables() -> list[str]:
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    existing = set(connection.introspection.table_names())
    return sorted((names & existing) - NOT_COUNTED)


def row_counts(names: list[str]) -> dict[str, int]:
    quoted = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quoted(name)})" for name in names)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(names, cursor.fetchone(), strict=True))


def assert_whole(changed: dict[str, tuple[int, int]]) -> None:
    """Every row of a table that a refused form wrote to passes its model's validation."""
    by_table = {model._meta.db_table: model for model in apps.get_models()}
    for table in changed:
        for row in by_table[table].objects.all():
            row.full_clean(validate_unique=False)


class Rollback(Exception):
    pass


def sign_in(client, email: str | None, second_factor: bool) -> None:
    client.logout()
    if email is None:
        return
    user = User.objects.get(email=email)
    if second_factor:
        login_verified(client, user)
    else:
        client.force_login(user)


def fuzz_form(client, *, role: str, form, names: list[str], per_form: int, tried: dict):
    """The Hypothesis test of one form: post generated data in a savepoint that is rolled back afterwards."""
    before = row_counts(names)

    @settings(max_examples=per_form)
    @given(data=form_data(form))
    def post(data):
        tried["examples"] += 1
        try:
            with transaction.atomic():
                response = client.post(form.action, data)
                assert response.status_code < 500, (role, form.action, response.status_code)
                refused = response.status_code >= 400 or (
                    response.status_code == 200 and ERROR_MARKERS.search(response.content)
                )
                if refused:
                    tried["refused"] += 1
                    after = row_counts(names)
                    changed = {t: (before[t], after[t]) for t in names if before[t] != after[t]}
                    if form.url_name in WRITES_WHEN_REFUSED:
                        assert_whole(changed)
                    else:
                        assert not changed, (role, form.action, response.status_code, changed)
                else:
                    tried["accepted"] += 1
                raise Rollback
        except Rollback:
            pass

    return post


def test_generated_input_to_every_form_never_causes_a_server_error_or_a_partial_write(client, fuzz_report):
    started = time.monotonic()
    seed_demo()
    seeded = time.monotonic() - started
    names = tables()
    found = []
    for role, email, second_factor, starts in ROLES:
        sign_in(client, email, second_factor)
        forms, pages = walk(client, starts, max_pages=MAX_PAGES_PER_ROLE)
        found.append((role, email, second_factor, forms, pages))
    total_forms = sum(len(forms) for *_rest, forms, _pages in found)
    per_form = examples_per_target(total_forms, share=FORMS_SHARE)
    tried = {"examples": 0, "refused": 0, "accepted": 0}
    by_role = {}

    for role, email, second_factor, forms, pages in found:
        by_role[role] = {"pages": len(pages), "forms": len(forms), "form_urls": sorted({f.url_name for f in forms})}
        for form in forms:
            sign_in(client, email, second_factor)

            fuzz_form(client, role=role, form=form, names=names, per_form=per_form, tried=tried)()

    fuzz_report["forms"] = {
        "seconds_seeding": round(seeded),
        "seconds_total": round(time.monotonic() - started),
        "forms": total_forms,
        "examples_per_form": per_form,
        **tried,
        "roles": by_role,
    }
