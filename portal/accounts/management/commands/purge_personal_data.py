"""manage.py purge_personal_data [--dry-run]: remove what is left of deleted accounts after the retention period."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.accounts.retention import personal_data_purge

logger = logging.getLogger("portal.retention")


class Command(BaseCommand):
    help = (
        "Remove the personal data of accounts deleted more than DELETED_ACCOUNT_RETENTION_DAYS ago, keeping the "
        "records the law requires (docs/operations.md, Retention)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be removed; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        lines = personal_data_purge(dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for line in lines:
            self.stdout.write(line)
            if not dry_run:
                logger.info("retention: %s", line)
        self.stdout.write(
            f"{verb} {len(lines)} item(s) of accounts deleted more than "
            f"{settings.DELETED_ACCOUNT_RETENTION_DAYS} days ago"
        )
