"""Celery tasks of the review app."""

from celery import shared_task

from .review_versions import review_changes_compact


@shared_task(name="review.compact_changes")
def compact_review_changes() -> int:
    return review_changes_compact()
