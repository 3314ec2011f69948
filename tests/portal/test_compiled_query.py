"""Queries compiled once per process (``portal.compiled_query``) answer what the ORM would, on SQLite and PostgreSQL."""

from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import Http404

from applications.review.permissions import is_staff_user
from applications.review.review_versions import review_versions
from applications.review.selectors import staff_call_versioned, staff_calls_versioned
from portal.accounts.backends import PortalModelBackend, signed_in_user
from portal.compiled_query import CompiledQuery
from programs.models import Call
from tests.accounts.factories import UserFactory
from tests.evaluation.factories import staff
from tests.programs.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_the_signed_in_user_has_every_field_as_the_orm_reads_it(django_assert_num_queries):
    user = UserFactory(full_name="김영천", language="en")
    user.groups.add(Group.objects.get_or_create(name="technopark_staff")[0])
    expected = get_user_model().objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        loaded = signed_in_user(user.pk)
        for field in get_user_model()._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.attname
    assert isinstance(loaded.date_joined, datetime) and loaded.date_joined.tzinfo is not None
    assert loaded._state.adding is False and loaded._state.db == "default"
    assert loaded.role_list == "technopark_staff" and loaded._unread_in_app == 0
    assert loaded._confirmed_device_ids == frozenset()


def test_an_unknown_or_malformed_user_id_in_a_session_signs_no_one_in():
    backend = PortalModelBackend()
    assert backend.get_user(987_654_321) is None
    assert backend.get_user("not-a-number") is None
    assert backend.get_user(None) is None


def test_the_staff_calls_carry_their_versions_and_only_the_fields_asked_for(django_assert_num_queries):
    first, second = CallFactory(), CallFactory()
    user = staff()
    assert is_staff_user(user)  # the roles are read (signed-in users come with them)
    versions = review_versions(call_ids=[first.pk, second.pk])
    with django_assert_num_queries(1):
        calls = staff_calls_versioned(user, "id", "code", "year")
    assert [call.pk for call in calls] == [call.pk for call in Call.objects.all()]
    for call in calls:
        assert call.review_version == versions[call.pk]
        assert call.shared_version == versions[0]
    assert calls[0].get_deferred_fields() >= {"title_ko", "budget_krw"}
    assert staff_calls_versioned(UserFactory()) == []


def test_one_staff_call_comes_with_its_program_in_the_same_query(django_assert_num_queries):
    call = CallFactory()
    user = staff()
    assert is_staff_user(user)
    with django_assert_num_queries(1):
        found = staff_call_versioned(user=user, code=call.code)
        assert found.program.code == call.program.code
    assert found == call and found.budget_krw == call.budget_krw
    with pytest.raises(Http404):
        staff_call_versioned(user=user, code="no-such-call")
    with pytest.raises(Http404):
        staff_call_versioned(user=UserFactory(), code=call.code)


def test_a_placeholder_must_occur_exactly_once():
    twice = CompiledQuery(
        "programs.Call",
        lambda code: Call.objects.filter(code=code) | Call.objects.filter(title_ko=code),
        {"code": "x-1"},
    )
    with pytest.raises(ValueError, match="exactly once"):
        twice.run(code="a")
    never = CompiledQuery("programs.Call", lambda code: Call.objects.all(), {"code": "x-2"})
    with pytest.raises(ValueError, match="exactly once"):
        never.run(code="a")
    other_model = CompiledQuery("programs.Call", lambda: get_user_model().objects.all())
    with pytest.raises(ValueError, match="not Call"):
        other_model.run()
    with pytest.raises(TypeError):
        CompiledQuery("programs.Call", lambda code: Call.objects.filter(code=code), {"code": "x-3"}).run()


def test_compiled_once_means_the_sql_never_the_answers():
    user = UserFactory()
    assert signed_in_user(user.pk).full_name == user.full_name
    get_user_model().objects.filter(pk=user.pk).update(full_name="바뀐 이름")
    assert signed_in_user(user.pk).full_name == "바뀐 이름"
