"""The portal's URLs plus three pages for the request-id tests: one that logs and queues a task, one that fails,
one that refuses."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import include, path

from portal.health.tasks import heartbeat_record

logger = logging.getLogger("portal.tests")


def logs_and_queues(request):
    logger.info("inside the view")
    heartbeat_record.delay()
    return HttpResponse("queued")


def fails(request):
    logger.info("about to fail")
    raise RuntimeError("the test page failed on purpose")


def refuses(request):
    raise PermissionDenied


urlpatterns = [
    path("test-logs/", logs_and_queues),
    path("test-fails/", fails),
    path("test-refuses/", refuses),
    path("", include("portal.urls")),
]
handler500 = "portal.health.views.server_error"
