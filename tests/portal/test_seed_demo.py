from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from portal.accounts.models import User
from portal.accounts.roles import Role


def table_counts() -> dict[str, int]:
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_creates_a_user_of_every_role_and_prints_the_logins(settings):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    printed = out.getvalue()
    assert "admin@demo.yc.kr" in printed
    assert settings.DEMO_PASSWORD in printed
    assert Group.objects.filter(name__in=Role.values).count() == len(Role)


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    first = table_counts()
    call_command("seed_demo", stdout=StringIO())
    assert table_counts() == first


@pytest.mark.django_db
def test_demo_users_can_log_in_with_the_printed_password(client, settings):
    call_command("seed_demo", stdout=StringIO())
    assert client.login(email="staff@demo.yc.kr", password=settings.DEMO_PASSWORD)


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    from django.core.management.base import CommandError

    settings.DEMO_DATA_ALLOWED = False
    before = table_counts()
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED is off"):
        call_command("seed_demo", stdout=StringIO())
    assert table_counts() == before


def test_seed_demo_refuses_under_the_production_settings(tmp_path):
    from tests.portal.test_deploy import manage, production_env

    database = tmp_path / "untouched.sqlite3"
    result = manage("seed_demo", env=production_env(tmp_path, DATABASE_URL=f"sqlite:///{database}"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "seed_demo refuses to run under these settings" in result.stderr
    assert "Demo logins" not in result.stdout
    if database.exists():  # the checks may open the database, nothing is written into it
        import sqlite3

        with sqlite3.connect(database) as connection:
            assert connection.execute("select name from sqlite_master where type = 'table'").fetchall() == []
