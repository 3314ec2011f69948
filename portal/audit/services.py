"""What goes into the audit log, and the one function that writes it."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from portal.accounts.permissions import is_administrator, role_names
from portal.accounts.roles import Role

from .enums import AuditAction
from .models import AuditEntry

# Roles whose actions are audited: those who see other companies' data or decide on it. A company's own actions are
# not: they touch only its own data and are recorded where they happen (the application's history of states).
AUDITED_ROLES = frozenset(
    {Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER, Role.OUTSIDE_EXPERT, Role.CITY_OFFICIAL, Role.ADMINISTRATOR}
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def is_audited_user(user) -> bool:
    return bool(role_names(user) & AUDITED_ROLES) or is_administrator(user)


def audit_action(request: HttpRequest, response: HttpResponse) -> AuditAction | None:
    """The kind of entry this request makes, or ``None`` when it makes none: a state-changing request (a form, an
    action, the admin), or a response that hands out a file or an export (one with a Content-Disposition)."""
    match = request.resolver_match
    changes = request.method not in SAFE_METHODS
    if changes and match is not None and match.namespace == "admin":
        return AuditAction.ADMIN
    if changes:
        return AuditAction.CHANGE
    if response.has_header("Content-Disposition"):
        return AuditAction.EXPORT
    return None


def object_reference(request: HttpRequest) -> str:
    """The URL's arguments (``pk=12 file_pk=3``): the object the request was about, when it names one."""
    match = request.resolver_match
    if match is None:
        return ""
    return " ".join(f"{key}={value}" for key, value in sorted(match.kwargs.items()))[:200]


def client_address(request: HttpRequest) -> str | None:
    """The client's address as sign-in throttling counts it: behind ``TRUSTED_PROXY_COUNT`` proxies, the address the
    nearest trusted proxy saw (``X-Forwarded-For``), never the proxy's own."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address at all
        return request.META.get("REMOTE_ADDR") or None


def audit_record(*, request: HttpRequest, response: HttpResponse, request_id: str = "") -> AuditEntry | None:
    """One row for an audited user's request that changes something or hands out a file; ``None`` otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_audited_user(user):
        return None
    action = audit_action(request, response)
    if action is None:
        return None
    match = request.resolver_match
    roles = sorted(role_names(user)) + (["superuser"] if user.is_superuser else [])
    return AuditEntry.objects.create(
        user=user,
        email=user.email,
        roles=",".join(roles)[:200],
        action=action,
        method=request.method[:10],
        path=request.path[:500],
        url_name=(match.view_name if match else "")[:200],
        object_ref=object_reference(request),
        status=response.status_code,
        ip=client_address(request),
        request_id=request_id[:128],
    )
