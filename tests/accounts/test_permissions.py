import pytest
from django.contrib.auth.models import AnonymousUser

from portal.accounts import permissions
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import roles_ensure, user_upsert

PREDICATES = {
    "is_company_member": permissions.is_company_member,
    "is_technopark_staff": permissions.is_technopark_staff,
    "is_staff_manager": permissions.is_staff_manager,
    "is_outside_expert": permissions.is_outside_expert,
    "is_city_official": permissions.is_city_official,
    "is_administrator": permissions.is_administrator,
}

EXPECTED = {
    Role.COMPANY_MEMBER: {"is_company_member"},
    Role.TECHNOPARK_STAFF: {"is_technopark_staff"},
    Role.STAFF_MANAGER: {"is_technopark_staff", "is_staff_manager"},
    Role.OUTSIDE_EXPERT: {"is_outside_expert"},
    Role.CITY_OFFICIAL: {"is_city_official"},
    Role.ADMINISTRATOR: {"is_administrator"},
}


def fresh(user: User) -> User:
    """The user as a new request would load it."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_answers_its_predicates_and_no_others(db, role):
    roles_ensure()
    user, _ = user_upsert(email=f"{role}@example.kr", password="pw-2027-yc", full_name="x", roles=[role])
    user = fresh(user)
    answers = {name for name, predicate in PREDICATES.items() if predicate(user)}
    assert answers == EXPECTED[role]


def test_anonymous_and_inactive_users_hold_no_role(db):
    roles_ensure()
    assert not any(predicate(AnonymousUser()) for predicate in PREDICATES.values())
    assert not any(predicate(None) for predicate in PREDICATES.values())
    user, _ = user_upsert(email="gone@example.kr", password="pw-2027-yc", full_name="x", roles=list(Role))
    user.is_active = False
    user.save()
    assert not any(predicate(fresh(user)) for predicate in PREDICATES.values())


def test_a_superuser_is_an_administrator(db):
    user = User.objects.create_superuser(email="root@example.kr", password="pw-2027-yc")
    assert permissions.is_administrator(fresh(user))
    assert not permissions.is_technopark_staff(fresh(user))


def test_the_group_names_are_read_once_per_user_object(db, django_assert_num_queries):
    roles_ensure()
    user, _ = user_upsert(
        email="two@example.kr", password="pw-2027-yc", full_name="x", roles=[Role.COMPANY_MEMBER, Role.OUTSIDE_EXPERT]
    )
    user = fresh(user)
    with django_assert_num_queries(1):
        answers = [predicate(user) for predicate in PREDICATES.values() for _ in range(3)]
    assert answers.count(True) == 6
    permissions.role_names_forget(user)
    with django_assert_num_queries(1):
        assert permissions.is_company_member(user)
