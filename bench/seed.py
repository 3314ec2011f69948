"""Data for the benchmark database: the demo data plus generated rows at a chosen scale.

Run by ``bench/run.py`` as ``python bench/seed.py --users N`` with the benchmark's
DATABASE_URL; also importable (``generate(...)``) once Django is set up. Later issues add their
generators to ``GENERATORS``: each takes ``options`` and ``log`` and must be deterministic for a
given ``options.random_seed`` so that two runs measure the same data.
"""

import argparse
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

FAMILY_NAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권"]
GIVEN_NAMES = ["민준", "서연", "도윤", "하은", "시우", "지우", "주원", "수아", "예준", "지호", "서준", "하린"]
BENCH_EMAIL_DOMAIN = "bench.yc.kr"
# A fixed password, hashed once: hashing per user would make seeding take minutes.
BENCH_PASSWORD = "bench-password-not-for-production"


@dataclass(frozen=True)
class SeedOptions:
    users: int = 60
    random_seed: int = 2027
    applications: int = 10_000  # in the staff-queue call and in the ranking call
    results_projects: int = 1_000  # supported projects in each year of the results pages


Log = Callable[[str], None]


def demo_data(options: SeedOptions, log: Log) -> None:
    """Everything ``manage.py seed_demo`` creates (users of every role, and what apps add)."""
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins")
    log("demo data loaded")


def company_users(options: SeedOptions, log: Log) -> None:
    """``options.users`` company members (at least the 50 rows that the rows50 control shows)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from portal.accounts.roles import Role

    user_model = get_user_model()
    rng = random.Random(options.random_seed)
    password = make_password(BENCH_PASSWORD)
    users = [
        user_model(
            email=f"bench-user-{number:05d}@{BENCH_EMAIL_DOMAIN}",
            full_name=rng.choice(FAMILY_NAMES) + rng.choice(GIVEN_NAMES),
            language=rng.choice(["ko", "ko", "ko", "en"]),
            password=password,
        )
        for number in range(1, options.users + 1)
    ]
    with transaction.atomic():
        user_model.objects.bulk_create(users, ignore_conflicts=True, batch_size=1000)
        group, _ = Group.objects.get_or_create(name=Role.COMPANY_MEMBER.value)
        ids = user_model.objects.filter(email__endswith=f"@{BENCH_EMAIL_DOMAIN}").values_list("pk", flat=True)
        membership = user_model.groups.through
        membership.objects.bulk_create(
            [membership(user_id=pk, group_id=group.pk) for pk in ids], ignore_conflicts=True, batch_size=1000
        )
    log(f"{len(users)} company users ({user_model.objects.count()} users in all)")


def review_queue(options: SeedOptions, log: Log) -> None:
    """One call with 10,000 submitted applications for the staff queue (bench/review_seed.py)."""
    from bench.review_seed import queue_applications

    queue_applications(log=log, size=options.applications, seed=options.random_seed)


def evaluation_ranking(options: SeedOptions, log: Log) -> None:
    """A call with 10,000 applications in evaluation and 5 submitted scores each (bench/evaluation_seed.py)."""
    from bench.evaluation_seed import ranking_applications

    ranking_applications(log=log, size=options.applications, seed=options.random_seed)


def results_history(options: SeedOptions, log: Log) -> None:
    """``options.results_projects`` supported projects with verified outcomes a year (bench/results_seed.py)."""
    from bench.results_seed import results_projects

    results_projects(log=log, per_year=options.results_projects, seed=options.random_seed)


def database_vacuum(options: SeedOptions, log: Log) -> None:
    """VACUUM ANALYZE after all bulk loads: the steady state that autovacuum reaches in production.

    Right after a bulk load, planner statistics miss the rows loaded later and the visibility map is empty, so
    index-only scans (the queue's counts per status) read the table anyway and sorts may pick the wrong index.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    if connection.in_atomic_block:  # VACUUM cannot run in a transaction (a test's, for instance)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log("database analysed (inside a transaction: no VACUUM)")
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log("database vacuumed and analysed")


GENERATORS: list[Callable[[SeedOptions, Log], None]] = [
    demo_data,
    company_users,
    review_queue,
    evaluation_ranking,
    results_history,
    database_vacuum,  # keep last
]


def generate(options: SeedOptions, *, log: Log = print) -> None:
    for generator in GENERATORS:
        started = time.monotonic()
        generator(options, log)
        log(f"  {generator.__name__}: {time.monotonic() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill the benchmark database (DATABASE_URL) with data.")
    parser.add_argument("--users", type=int, default=SeedOptions.users, help="generated company users (min 50)")
    parser.add_argument("--random-seed", type=int, default=SeedOptions.random_seed)
    args = parser.parse_args(argv)
    if args.users < 50:
        parser.error("--users must be at least 50: the rows50 control page shows 50 rows")

    # Run as a script, Python puts bench/ first on the path; import from the project root instead.
    sys.path[:] = [str(BASE_DIR), *(entry for entry in sys.path if Path(entry or ".").resolve() != BASE_DIR / "bench")]
    import django

    django.setup()
    generate(SeedOptions(users=args.users, random_seed=args.random_seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
