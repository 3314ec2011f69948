"""Who receives an event: functions of the event's loaded context (``{"application": obj, …}``).

Each returns users. Models of apps still being written (applications' ``Application``) are looked up
lazily, and a missing model or object means nobody, never an error.
"""

from collections.abc import Iterable, Mapping

from django.apps import apps
from django.db.models import Q, QuerySet

from portal.accounts.models import User
from portal.accounts.roles import Role

Context = Mapping[str, object]

STAFF_ROLES = (Role.TECHNOPARK_STAFF, Role.STAFF_MANAGER)


def optional_model(label: str):
    """The model ``app_label.Model``, or ``None`` while it does not exist yet."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).distinct().order_by("pk")


def company_of(context: Context):
    company = context.get("company")
    if company is None and context.get("application") is not None:
        company = getattr(context["application"], "company", None)
    return company


def company_members(context: Context) -> Iterable[User]:
    company = company_of(context)
    if company is None:
        return User.objects.none()
    return _active(User.objects.filter(company_membership__company=company))


def technopark_staff(context: Context) -> Iterable[User]:
    return _active(User.objects.filter(groups__name__in=[str(role) for role in STAFF_ROLES]))


def staff_managers(context: Context) -> Iterable[User]:
    return _active(User.objects.filter(groups__name=str(Role.STAFF_MANAGER)))


def expert(context: Context) -> Iterable[User]:
    person = context.get("expert")
    return [person] if isinstance(person, User) and person.is_active else []


def call_audience(context: Context) -> Iterable[User]:
    """Members of companies that have a draft on the call or asked to be reminded of it."""
    call = context.get("call")
    if call is None:
        return User.objects.none()
    wanted = Q(company_membership__company__call_reminder_subscriptions__call=call)
    application_model = optional_model("applications.Application")
    if application_model is not None and _has_fields(application_model, "call", "company", "status"):
        drafts = application_model._default_manager.filter(call=call, status="draft").values("company_id")
        wanted |= Q(company_membership__company_id__in=drafts)
    return _active(User.objects.filter(wanted))


def _has_fields(model, *names: str) -> bool:
    known = {field.name for field in model._meta.get_fields()}
    return all(name in known for name in names)
