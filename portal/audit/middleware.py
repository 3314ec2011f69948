import logging

from django.db import DatabaseError

from portal.health.requestid import current_request_id

from .services import audit_record

logger = logging.getLogger(__name__)


class AuditMiddleware:
    """After the view: an audit row for the request of an audited user (``services.audit_record`` decides). Placed
    after the authentication and two-factor middleware, so that ``request.user`` is known."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        try:
            audit_record(request=request, response=response, request_id=current_request_id())
        except DatabaseError:
            # The response stands (the work is done); the missing row is an error in the log, under this request's id.
            logger.exception("Could not write the audit entry of %s %s", request.method, request.path)
        return response
