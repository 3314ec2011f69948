"""The review version of each call: database triggers append a ``ReviewChange`` row for every change to a call's
review data, on PostgreSQL and on SQLite alike, whatever wrote it (a service, a bulk update, the admin, a shell).

Triggers rather than calls in each service: a page cached under a version must never outlive a change it shows,
and a trigger cannot be forgotten by the next service that writes. They are (re)installed after every ``migrate``
(``apps.ReviewConfig.ready`` connects ``install`` to ``post_migrate``) because SQLite drops a table's triggers
when a migration rebuilds the table.
"""

from django.db import connection as default_connection
from django.db import transaction
from django.db.models import BigIntegerField, Subquery, Sum
from django.db.models.functions import Coalesce

from .models import ReviewChange

TABLE = ReviewChange._meta.db_table

# How each table finds the call a row belongs to; ROW is NEW or OLD. NULL means no call's review data changed
# (a draft application, a row whose parent is already gone).
_APPLICATION = "(SELECT call_id FROM applications_application WHERE id = ROW.application_id AND status <> 'draft')"
_COMMITTEE = "(SELECT call_id FROM evaluation_committee WHERE id = ROW.committee_id)"
_ASSIGNMENT = (
    "(SELECT c.call_id FROM evaluation_assignment a JOIN evaluation_committee c ON c.id = a.committee_id"
    " WHERE a.id = ROW.assignment_id)"
)
_SHEET = (
    "(SELECT c.call_id FROM evaluation_scoresheet s JOIN evaluation_assignment a ON a.id = s.assignment_id"
    " JOIN evaluation_committee c ON c.id = a.committee_id WHERE s.id = ROW.sheet_id)"
)
_GLOBAL = str(ReviewChange.GLOBAL)

# table -> (how to find its call, the columns whose update counts; empty: every update)
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "applications_application": ("CASE WHEN ROW.status <> 'draft' THEN ROW.call_id END", ()),
    "applications_applicationitem": (_APPLICATION, ()),
    "review_queuefacts": ("ROW.call_id", ()),
    "programs_supportitem": ("ROW.call_id", ()),
    "evaluation_committee": ("ROW.call_id", ()),
    "evaluation_criterion": (_COMMITTEE, ()),
    "evaluation_bonusitem": (_COMMITTEE, ()),
    "evaluation_bonusaward": (_APPLICATION, ()),
    "evaluation_assignment": (_COMMITTEE, ()),
    "evaluation_conflictdeclaration": (_ASSIGNMENT, ()),
    "evaluation_challenge": (_APPLICATION, ()),
    "evaluation_scoresheet": (_ASSIGNMENT, ()),
    "evaluation_criterionscore": (_SHEET, ()),
    "evaluation_expertprofile": (_GLOBAL, ()),
    "programs_call": (_GLOBAL, ()),
    "programs_program": (_GLOBAL, ()),
    "accounts_user": (_GLOBAL, ("full_name", "email", "is_active")),
}


def _insert(*rows: str, expression: str) -> str:
    calls = " UNION ".join(f"SELECT {expression.replace('ROW.', f'{row}.')} AS call_id" for row in rows)
    return (
        f"INSERT INTO {TABLE} (call_id, weight) SELECT call_id, 1 FROM ({calls}) AS changed WHERE call_id IS NOT NULL"
    )


def trigger_sql(vendor: str) -> list[str]:
    """The statements that (re)create every trigger, for ``postgresql`` or ``sqlite``."""
    statements = []
    for table, (expression, columns) in SOURCES.items():
        name = f"review_change_{table}"
        on_update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
        if vendor == "postgresql":
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'INSERT' THEN {_insert('NEW', expression=expression)}; "
                f"ELSIF TG_OP = 'UPDATE' THEN {_insert('OLD', 'NEW', expression=expression)}; "
                f"ELSE {_insert('OLD', expression=expression)}; END IF; RETURN NULL; END $$"
            )
            statements.append(
                f"CREATE OR REPLACE TRIGGER {name} AFTER INSERT OR {on_update} OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        elif vendor == "sqlite":
            for event, rows in (("INSERT", ("NEW",)), (on_update, ("OLD", "NEW")), ("DELETE", ("OLD",))):
                suffix = event.split()[0].lower()
                statements.append(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
                statements.append(
                    f"CREATE TRIGGER {name}_{suffix} AFTER {event} ON {table} FOR EACH ROW "
                    f"BEGIN {_insert(*rows, expression=expression)}; END"
                )
    return statements


def install(*, using: str = "default") -> int:
    """(Re)create the triggers on the database ``using``; returns how many statements ran (0: other vendors)."""
    from django.db import connections

    connection = connections[using]
    statements = trigger_sql(connection.vendor)
    existing = set(connection.introspection.table_names())
    needed = set(SOURCES) | {TABLE}
    if not statements or not needed <= existing:
        return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(statements)


def installed_triggers(*, connection=default_connection) -> set[str]:
    """The tables that have a review-change trigger (for the tests and the health check)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers"
                " WHERE trigger_name LIKE 'review_change_%%'"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'review_change_%'"
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def version_of(call_ref) -> Coalesce:
    """The version of one call (an id or an ``OuterRef``) as an expression: the sum of its change weights."""
    total = (
        ReviewChange.objects.filter(call_id=call_ref).order_by().values("call_id").annotate(n=Sum("weight")).values("n")
    )
    return Coalesce(Subquery(total, output_field=BigIntegerField()), 0)


def review_versions(*, call_ids: list[int]) -> dict[int, int]:
    """The version of each call and of what all calls share (key ``ReviewChange.GLOBAL``), absent ones 0."""
    ids = {*call_ids, ReviewChange.GLOBAL}
    sums = dict(
        ReviewChange.objects.filter(call_id__in=ids)
        .values("call_id")
        .annotate(n=Sum("weight"))
        .values_list("call_id", "n")
    )
    return {pk: sums.get(pk, 0) for pk in ids}


def review_changes_compact() -> int:
    """Replace each call's change rows by one row of their total weight (the sums stay); returns rows removed.

    Deletes with RETURNING so that the row written back carries exactly the weights removed, whatever other
    transactions commit meanwhile.
    """
    removed = 0
    with transaction.atomic():
        with default_connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} RETURNING call_id, weight")
            totals: dict[int, int] = {}
            for call_id, weight in cursor.fetchall():
                totals[call_id] = totals.get(call_id, 0) + weight
                removed += 1
        ReviewChange.objects.bulk_create(
            ReviewChange(call_id=call_id, weight=weight) for call_id, weight in totals.items()
        )
    return removed - len(totals)
