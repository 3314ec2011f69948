"""The portal's Celery application.

Configuration comes from Django settings (``CELERY_*``). The default broker is kombu's
filesystem transport under ``var/broker`` so that a real worker runs with no server;
``CELERY_BROKER_URL=redis://…`` switches to Redis.
"""

import os

from celery import Celery, signals

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


# A task queued during a request carries the request's id to the worker's log lines (portal/health/requestid.py).
@signals.before_task_publish.connect
def task_request_id_out(headers=None, **kwargs) -> None:
    from portal.health.requestid import add_request_id_header

    add_request_id_header(headers=headers)


@signals.task_prerun.connect
def task_request_id_in(task=None, **kwargs) -> None:
    from portal.health.requestid import enter_task_request_id

    enter_task_request_id(task=task)


@signals.task_postrun.connect
def task_request_id_done(**kwargs) -> None:
    from portal.health.requestid import leave_task_request_id

    leave_task_request_id()


@signals.after_setup_logger.connect
@signals.after_setup_task_logger.connect
def worker_log_lines(logger=None, **kwargs) -> None:
    """The worker keeps Celery's own logging set-up; its handlers get the request id, and the JSON format when
    LOG_FORMAT=json."""
    from django.conf import settings

    from portal.health.logs import JsonFormatter
    from portal.health.requestid import RequestIdFilter

    for handler in logger.handlers:
        handler.addFilter(RequestIdFilter())
        if settings.LOG_FORMAT == "json":
            handler.setFormatter(JsonFormatter())
