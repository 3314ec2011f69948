"""The authorization matrix (issue #15, item 8): every URL pattern x every role x GET and POST, against the rules
written in ``matrix.py``. A pattern without an entry fails its test, naming it.

The world (``world.py``: the demo plus a few rows) is built once for the module inside a transaction that is rolled
back at the end; each request runs in a savepoint rolled back after it, so that an accepted POST changes nothing for
the next request. A refused request (GET or POST) must not write to any table but the session's.
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import matrix
from .world import build_world

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Tables a refused request may still write, by design: the session, and the audit log, which records every
# state-changing request of staff, experts, officials and administrators, refused ones included (portal/audit).
SESSION_TABLE = re.compile(r"django_session|audit_auditentry", re.IGNORECASE)


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name with its namespace, or the route of an unnamed pattern
    name: str
    route: str


def url_patterns(resolver=None, prefix: str = "", namespace: str = "") -> list[Pattern]:
    """Every URL pattern of the project, admin and allauth included."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found += url_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.append(Pattern(key=name, name=name, route=route))
            else:
                found.append(Pattern(key=f"{namespace}:{route}", name=f"{namespace}:", route=route))
    return found


PATTERNS = url_patterns()


def is_admin(pattern: Pattern) -> bool:
    return pattern.name.startswith("admin:")


class Figures:
    pairs = 0
    requests = 0
    refused = 0
    refused_writes = 0
    urls: set = set()
    seconds = 0.0
    mismatches: dict = {}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-uploads")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    unblocked = django_db_blocker.unblock()
    with unblocked, override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers), transaction.atomic():
        started = time.monotonic()
        built = build_world()
        built.media = media
        built.clients = {role: _client(built, *user) for role, user in matrix.ROLES.items()}
        built.secrets = _secrets()
        built.build_seconds = time.monotonic() - started
        yield built
        transaction.set_rollback(True)
    _print_figures(built)


def _client(world, user_key, verified) -> Client:
    client = Client(raise_request_exception=False)
    if user_key is not None:
        user = world.users[user_key]
        client.force_login(user)
        if verified:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
            session.save()
    client.saved_cookies = {key: morsel.value for key, morsel in client.cookies.items()}
    return client


def _secrets() -> list[str]:
    """What no page may show: the TOTP keys (hex and base32) and the backup codes."""
    import base64

    found = []
    for device in TOTPDevice.objects.all():
        found += [device.key, base64.b32encode(device.bin_key).decode("ascii").rstrip("=")]
    found += list(StaticToken.objects.values_list("token", flat=True))
    return [secret for secret in found if len(secret) >= 8]


def _print_figures(world) -> None:
    print(
        f"\nauthorization matrix: {Figures.pairs} pairs tried (URL x role x method, objects of company A, expert A, "
        f"call A) over {len(Figures.urls)} URL patterns of {len(PATTERNS)}; {Figures.requests} requests in "
        f"{Figures.seconds:.1f} s; {Figures.refused} refused, of which {Figures.refused_writes} wrote a row; "
        f"world built in {world.build_seconds:.1f} s; "
        f"{sum(len(v) for v in Figures.mismatches.values())} mismatches in {len(Figures.mismatches)} entries"
    )


def outcome_of(response, *, admin_page: bool) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target == reverse(settings.LOGIN_URL) or (admin_page and target == reverse("admin:login")):
            return matrix.LOGIN
        if target in (reverse("review:otp_verify"), reverse("review:otp_setup")):
            return matrix.OTP
        if target == reverse("applications:company_create"):
            return matrix.TO_COMPANY
        return matrix.AWAY
    return str(response.status_code)


def matches(expected, got: str, *, role: str) -> bool:
    options = expected if isinstance(expected, tuple) else (expected,)
    for option in options:
        if option == got:
            return True
        if option == matrix.ADMIN_REFUSED and got in (matrix.LOGIN, matrix.OTP):
            return True
        if option == matrix.ANSWERED and not got.startswith("5") and got not in matrix.REFUSALS:
            return True
    return False


def permitted_in_admin(world, model):
    """Django's model permissions of each role's user in the admin (the admin's own rule)."""
    factory = RequestFactory()
    model_admin = admin.site.get_model_admin(model) if model is not None else None

    def permitted(role: str, action: str) -> bool:
        user_key, _verified = matrix.ROLES[role]
        request = factory.get("/")
        request.user = world.users[user_key] if user_key else AnonymousUser()
        if model_admin is None:
            return bool(admin.site.get_app_list(request))
        checks = {
            "view": model_admin.has_view_or_change_permission,
            "add": model_admin.has_add_permission,
            "change": model_admin.has_change_permission,
            "delete": model_admin.has_delete_permission,
        }
        return bool(checks[action](request))

    return permitted


def admin_model_and_kwargs(pattern: Pattern, world):
    """The model of an admin URL and the arguments of its URL (the first row of the model)."""
    models = {}
    for model in _registered_models():
        models[f"{model._meta.app_label}_{model._meta.model_name}"] = model
    kwargs = {}
    found = None
    for label, model in models.items():
        if pattern.name.startswith(f"admin:{label}_") or f"/{model._meta.app_label}/{model._meta.model_name}/" in (
            "/" + pattern.route.removeprefix("admin/")
        ):
            found = model
            break
    if pattern.name == "admin:auth_user_password_change":
        found = world.users["company_a"].__class__
    if found is not None:
        row = found._default_manager.order_by("pk").first()
        object_pk = row.pk if row is not None else 0  # a model with no row: Django's answer to a missing object
        if "object_id" in pattern.route:
            kwargs["object_id"] = object_pk
        if "<id>" in pattern.route or "<int:pk>" in pattern.route:
            kwargs["id" if "<id>" in pattern.route else "pk"] = object_pk
    if pattern.name == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        user = world.users["company_a"]
        kwargs = {"content_type_id": ContentType.objects.get_for_model(user).pk, "object_id": user.pk}
    if pattern.name == "admin:app_list":
        kwargs = {"app_label": "applications"}
        found = None
    if pattern.route.endswith(".*)$"):
        kwargs = {"url": "nothing-here/"}
    return found, kwargs


def _registered_models():
    from django.apps import apps

    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def entry_and_url(pattern: Pattern, world):
    if is_admin(pattern):
        model, kwargs = admin_model_and_kwargs(pattern, world)
        exists = not kwargs or kwargs.get("object_id", kwargs.get("id", kwargs.get("pk", 1))) != 0
        entry = matrix.admin_entry(pattern.name, pattern.route, permitted_in_admin(world, model), exists=exists)
        if pattern.name == "admin:":
            return entry, _reverse_route(pattern.route, kwargs)
        return entry, reverse(pattern.name, kwargs=kwargs)
    entry = matrix.TABLE[pattern.key]
    return entry, reverse(pattern.name, kwargs=entry.kwargs(world))


def _reverse_route(route: str, kwargs: dict) -> str:
    """The path of an unnamed admin pattern (a route with ``<path:object_id>``, or the catch-all)."""
    if route.endswith(".*)$"):
        return "/admin/" + kwargs["url"]
    return "/" + re.sub(r"<path:object_id>", str(kwargs["object_id"]), route)


def request(world, role: str, method: str, url: str):
    client = world.clients[role]
    client.cookies.clear()
    for key, value in world.clients[role].saved_cookies.items():
        client.cookies[key] = value
    writes = []

    def record(execute, sql, params, many, context):
        if WRITE.match(sql) and not SESSION_TABLE.search(sql):
            writes.append(sql.split(" (", 1)[0][:120])
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(record):
        response = client.get(url) if method == "GET" else client.post(url, {})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    return response, body, writes


@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern.key for pattern in PATTERNS])
def test_url_pattern_obeys_its_rule(pattern, world, db, settings):
    if not is_admin(pattern):
        assert pattern.key in matrix.TABLE, (
            f"{pattern.key} ({pattern.route}) has no entry in tests/security/matrix.py: say who may open it"
        )
    settings.MEDIA_ROOT = world.media
    started = time.monotonic()
    entry, url = entry_and_url(pattern, world)
    wrong = []
    for role in matrix.ROLES:
        for method in ("GET", "POST"):
            expected = entry.expected(role, method)
            response, body, writes = request(world, role, method, url)
            got = outcome_of(response, admin_page=is_admin(pattern))
            Figures.pairs += 1
            Figures.requests += 1
            if not matches(expected, got, role=role):
                wrong.append(f"{role} {method} {url}: expected {expected}, got {got}")
            refused = got in matrix.REFUSALS or got == matrix.NOT_ALLOWED
            Figures.refused += refused
            Figures.refused_writes += bool(refused and writes)
            if refused and writes:
                wrong.append(f"{role} {method} {url}: refused ({got}) but wrote {writes}")
            shown = [secret for secret in world.secrets if secret.encode() in body]
            if shown:
                wrong.append(f"{role} {method} {url}: the page shows a secret (TOTP key or backup code)")
    Figures.urls.add(pattern.key)
    Figures.seconds += time.monotonic() - started
    if wrong:
        Figures.mismatches[pattern.key] = wrong
    pending = f" (pending on another branch: {entry.pending})" if entry.pending else ""
    assert not wrong, f"{pattern.key}{pending}:\n" + "\n".join(wrong)


def test_every_entry_names_a_url_pattern():
    """An entry whose URL is gone is a stale rule: remove it with the page."""
    keys = {pattern.key for pattern in PATTERNS}
    assert sorted(set(matrix.TABLE) - keys) == []
