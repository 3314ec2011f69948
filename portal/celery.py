"""The portal's Celery application.

Configuration comes from Django settings (``CELERY_*``). The default broker is kombu's
filesystem transport under ``var/broker`` so that a real worker runs with no server;
``CELERY_BROKER_URL=redis://…`` switches to Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def make_broker_directories(sender: Celery, **kwargs: object) -> None:
    """The filesystem transport expects its folders to exist."""
    from pathlib import Path

    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
