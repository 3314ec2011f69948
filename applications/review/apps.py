from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_review_triggers(sender, using="default", **kwargs) -> None:
    from .review_versions import install

    install(using=using)


class ReviewConfig(AppConfig):
    name = "applications.review"
    label = "review"
    verbose_name = _("Staff review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every migrate: SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(_install_review_triggers, sender=self, dispatch_uid="review_change_triggers")
