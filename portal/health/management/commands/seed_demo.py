"""Load the demo data of every app, idempotently: running it twice changes nothing.

Each app keeps its own ``demo`` package with a ``seed(*, log)`` function; ``settings.DEMO_SEEDERS`` lists them in the
order their imports run (accounts, programs, applications, review, evaluation). The command belongs to no domain
app: it lives beside ``runportal`` in the project's operations app, and ``make run`` calls the two in turn.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Create or update the demo data (users of every role, and what later apps add)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet_logins: bool = False, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_demo refuses to run under these settings (DEMO_DATA_ALLOWED is off, as in production): the "
                "demo accounts, an administrator among them, have a published password."
            )
        verbose = options["verbosity"] > 1
        logins: list[str] = []
        with translation.override("en"):
            for dotted in settings.DEMO_SEEDERS:
                seeder = import_string(dotted)
                lines = seeder(log=(self.stdout.write if verbose else lambda message: None))
                logins.extend(lines or [])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({len(settings.DEMO_SEEDERS)} seeders)."))
        if logins and not quiet_logins:
            self.stdout.write("Demo logins (role, email, password):")
            for line in logins:
                self.stdout.write(f"  {line}")
