"""The benchmark seed: the demo data plus generated users, deterministic and idempotent."""

import pytest

from bench.seed import BENCH_EMAIL_DOMAIN, SeedOptions, company_users, generate
from portal.accounts.models import User
from portal.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_generate_makes_the_demo_users_and_enough_rows_for_the_rows50_page():
    generate(SeedOptions(users=55, applications=20, results_projects=4), log=lambda message: None)

    generated = User.objects.filter(email__endswith=f"@{BENCH_EMAIL_DOMAIN}", groups__name=Role.COMPANY_MEMBER)
    assert generated.count() == 55
    assert User.objects.filter(email="admin@demo.yc.kr", is_superuser=True).exists()
    assert User.objects.count() >= 50
    assert all(user.has_role(Role.COMPANY_MEMBER) for user in generated.prefetch_related("groups"))


def test_company_users_twice_changes_nothing_and_names_are_deterministic():
    company_users(SeedOptions(users=50, random_seed=7), lambda message: None)
    first = list(User.objects.order_by("email").values_list("email", "full_name", "language"))

    company_users(SeedOptions(users=50, random_seed=7), lambda message: None)

    assert list(User.objects.order_by("email").values_list("email", "full_name", "language")) == first
    assert len(first) == 50


def test_the_benchmark_calls_each_have_their_own_year():
    """The database allows one call per program and year: two benchmarks on one year fail at seeding."""
    from bench.deadline_bench import CALL_YEAR as DEADLINE_YEAR
    from bench.evaluation_seed import RANKING_YEAR
    from bench.review_seed import QUEUE_YEAR, SMALL_QUEUE_YEAR
    from bench.submission_bench import SUBMISSION_YEAR

    years = [QUEUE_YEAR, SMALL_QUEUE_YEAR, RANKING_YEAR, SUBMISSION_YEAR, DEADLINE_YEAR]
    assert len(set(years)) == len(years)
