"""The year-end report's generation, in the worker (queued on commit by ``yearend_report_request``)."""

from celery import shared_task

from .services import yearend_report_generate


@shared_task(name="yearend.generate_report")
def yearend_report_generate_task(*, report_id: int) -> None:
    yearend_report_generate(report_id=report_id)
