import pytest

from bench.engine_bench import bench_calls, engine_checks_per_second, prepare


@pytest.mark.django_db
def test_bench_calls_carry_the_seeded_rules_in_the_prefetch_cache(django_assert_num_queries):
    calls = bench_calls()
    with django_assert_num_queries(0):
        assert [len(call.eligibility_rules.all()) for call in calls] == [9, 7, 8]


def test_bench_functions_return_a_figure():
    assert engine_checks_per_second(min_seconds=0.01) > 0
    assert prepare()() == 300
