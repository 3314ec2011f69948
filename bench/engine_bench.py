"""In-process benchmark of the eligibility engine: company x call checks per second.

The calls are the seed's (``programs.demo.rule_specs``): the open 2027 calls of both programs and the 2021
call of program B (which still had the manufacturing rule), built in memory with their rules in the prefetch
cache, exactly as ``call.eligibility_rules.all()`` finds them after ``prefetch_related``: no database is used.
The companies are varied (Korean, romanized and wrong addresses, one figure or monthly headcounts, KSIC codes
in every written form, missing facts) and every company's addresses are new to the address cache in each
round, as they are for a real self-check.

    engine_checks_per_second() -> float          # for the harness (bench/run.py)
    prepare(context) -> Operation                # an InProcessBenchmark ``prepare`` hook, if preferred
    python -m bench.engine_bench                  # prints the figure
"""

import os
import random
import time
from datetime import date

COMPANIES_PER_ROUND = 500
MIN_SECONDS = 1.0

_ADDRESSES = [
    "경상북도 영천시 금호읍 구암리 {n}",
    "경북 영천시 시청로 {n}",
    "영천시 완산동 {n}",
    "영천 금호읍 덕성리 {n}",
    "경북영천시채신동{n}",
    "{n} Sicheong-ro, Yeongcheon-si, Gyeongsangbuk-do 38852",
    "서울특별시 서대문구 영천동 {n}",
    "Yeongcheon-dong {n}, Seodaemun-gu, Seoul",
    "대구광역시 동구 신암동 {n}",
    "경북 포항시 남구 대이로 {n}",
]
_KSIC = ["C25", "25", "25112", "C 29", "C30", "10", "34", "35", "G46", "C28", "J62", None, "C 33", "31"]


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def bench_calls() -> list:
    """The seed's calls, unsaved, with their rules in the prefetch cache."""
    from programs.demo import call_fields, rule_specs
    from programs.enums import ProgramCode
    from programs.models import Call, EligibilityRule, Program

    calls = []
    for number, (code, year) in enumerate([(ProgramCode.HVC, 2027), (ProgramCode.ITD, 2027), (ProgramCode.ITD, 2021)]):
        program = Program(pk=number + 1, code=code, letter="A" if code == ProgramCode.HVC else "B")
        fields = call_fields(code, year)
        call = Call(pk=number + 1, program=program, year=year, code=fields["code"], status=fields["status"])
        specs = rule_specs(code, year)
        rules = [EligibilityRule(pk=100 * number + i, call=call, **spec) for i, spec in enumerate(specs)]
        prefetched = EligibilityRule.objects.all()
        prefetched._result_cache = rules
        prefetched._prefetch_done = True
        call._prefetched_objects_cache = {"eligibility_rules": prefetched}
        calls.append(call)
    return calls


def bench_companies(rng: random.Random, count: int, round_number: int) -> list:
    from programs.eligibility import CompanyFacts
    from programs.enums import BusinessStatus, SiteKind

    companies = []
    for index in range(count):
        n = round_number * count + index + 1
        monthly = rng.random() < 0.5
        companies.append(
            CompanyFacts(
                addresses={
                    SiteKind.HEAD_OFFICE: rng.choice(_ADDRESSES).format(n=n),
                    **({SiteKind.FACTORY: rng.choice(_ADDRESSES).format(n=n + 1)} if rng.random() < 0.4 else {}),
                },
                regular_employees=None if monthly or rng.random() < 0.1 else rng.randint(3, 80),
                monthly_headcounts=tuple(rng.randint(20, 40) for _ in range(rng.randint(6, 12))) if monthly else None,
                ksic_code=rng.choice(_KSIC),
                annual_revenue_krw=rng.choice([None, rng.randint(1, 200) * 1_000_000_000]),
                sme_certified=rng.choice([True, False, None, None]),
                located_since=rng.choice([None, date(2015, 3, 2), date(2026, 5, 1)]),
                business_status=rng.choice([None, BusinessStatus.ACTIVE, BusinessStatus.ACTIVE, BusinessStatus.CLOSED]),
                tax_arrears=rng.choice([None, False, False, True]),
                sanctioned=rng.choice([None, False]),
                duplicate_funding=rng.choice([None, False]),
                as_of=date(2026, 11, 28),
            )
        )
    return companies


def engine_checks_per_second(min_seconds: float = MIN_SECONDS) -> float:
    """Company x call checks per second, in-process, in Korean (the default language)."""
    _django()
    from django.utils import translation

    from programs.eligibility import check_eligibility

    calls = bench_calls()
    rng = random.Random(2027)
    checks, elapsed, round_number = 0, 0.0, 0
    with translation.override("ko"):
        check_eligibility(bench_companies(rng, 1, 10_000)[0], calls[0])  # warm the translation catalogue
        while elapsed < min_seconds:
            companies = bench_companies(rng, COMPANIES_PER_ROUND, round_number)
            started = time.perf_counter()
            for facts in companies:
                for call in calls:
                    check_eligibility(facts, call)
            elapsed += time.perf_counter() - started
            checks += len(companies) * len(calls)
            round_number += 1
    return checks / elapsed


def prepare(context=None):
    """An ``InProcessBenchmark`` prepare hook: each operation checks 100 companies against the calls, with
    the address cache emptied first (as for new companies)."""
    _django()
    from programs.addresses import clear_cache
    from programs.eligibility import check_eligibility

    calls = bench_calls()
    companies = bench_companies(random.Random(2027), 100, 0)

    def operation() -> int:
        clear_cache()
        for facts in companies:
            for call in calls:
                check_eligibility(facts, call)
        return len(companies) * len(calls)

    return operation


if __name__ == "__main__":
    print(f"eligibility engine: {engine_checks_per_second(3.0):,.0f} company x call checks per second")
