"""``manage.py import_history FILE --user EMAIL [--dry-run]``: past years' projects and outcomes from CSV or XLSX.

Prints every problem with its row number; exits non-zero when there is an error (nothing is written then) and
prints what it wrote otherwise. The columns are listed in docs/history-import.md.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from applications.outcomes.importing import history_import, read_table
from applications.review.permissions import is_staff_user


class Command(BaseCommand):
    help = "Import past years' supported projects and their verified outcomes from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv (UTF-8 or CP949) or .xlsx file; columns in docs/history-import.md")
        parser.add_argument("--user", required=True, help="email of the staff member who imports (the verifier)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, list the problems, write nothing")

    def handle(self, *args, file: str, user: str, dry_run: bool, **options):
        acting_user = get_user_model().objects.filter(email__iexact=user).first()
        if acting_user is None or not is_staff_user(acting_user):
            raise CommandError(_("No staff user has the email %(email)s.") % {"email": user})
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}) from None
        result = history_import(table=read_table(data), acting_user=acting_user, dry_run=dry_run)
        for problem in result.problems:
            kind = _("error") if problem.is_error else _("warning")
            where = _("row %(row)d") % {"row": problem.row}
            column = f", {problem.column}" if problem.column else ""
            stream = self.stderr if problem.is_error else self.stdout
            stream.write(f"{where}{column}: {kind}: {problem.message}")
        errors = len(result.errors)
        if errors:
            raise CommandError(
                _("Errors: %(errors)d in %(rows)d rows. Nothing was imported.")
                % {"errors": errors, "rows": result.rows}
            )
        if dry_run:
            self.stdout.write(_("Dry run: %(rows)d rows without errors; nothing was written.") % {"rows": result.rows})
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Imported %(rows)d rows. New companies: %(companies)d, projects: %(projects)d, verified outcome "
                    "reports: %(reports)d, national R&D tasks: %(tasks)d."
                )
                % {
                    "rows": result.rows,
                    "companies": result.companies,
                    "projects": result.projects,
                    "reports": result.reports,
                    "tasks": result.rd_tasks,
                }
            )
        )
