"""Every Django admin page of a model holding vault files renders for an administrator: the file shown by its name
and size, never as a link (vault files have no URL: they are served by the permission-checked download views)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import VaultDocument
from portal.accounts.models import User
from tests.applications.factories import VaultDocumentFactory

pytestmark = pytest.mark.django_db


def admin_client() -> Client:
    """An administrator logged in with a session verified by a TOTP device, as django_otp.login leaves it."""
    user = User.objects.create_superuser(email="root@example.org", password="x", full_name="Admin", language="en")
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def has_files(model) -> bool:
    return any(isinstance(field, models.FileField) for field in model._meta.get_fields())


def admin_models_with_files() -> set:
    """The models with a file field that the admin shows, on their own page or inline in another's."""
    found = set()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        shown = [model, *[inline.model for inline in model_admin.inlines]]
        found |= {each for each in shown if has_files(each)}
    return found


# One object with its files per model of ``admin_models_with_files``: a new one must be added here.
OBJECTS = {VaultDocument: lambda: VaultDocumentFactory(original_filename="사업자등록증.pdf")}


def test_every_admin_model_with_files_is_tested():
    assert admin_models_with_files() == set(OBJECTS)


@pytest.mark.parametrize("model", list(OBJECTS), ids=lambda model: model._meta.label)
def test_the_admin_pages_show_vault_files_by_name_and_size_without_a_link(model):
    document = OBJECTS[model]()
    client = admin_client()
    opts = model._meta
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[document.pk]))
    assert change.status_code == 200
    page = change.content.decode()
    assert f"{document.file.name} ({filesizeformat(document.size)})" in page
    assert f'href="{document.file.name}' not in page and "/media/" not in page
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
