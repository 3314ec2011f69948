"""The history benchmark measures what it claims: its file imports without a problem, the control writes the same
number of rows, and both leave the database as they found it (each round is rolled back)."""

import pytest

from applications.outcomes.models import OutcomeReport
from bench import history_bench
from tests.evaluation.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer():
    return staff(email=history_bench.STAFF_EMAIL)


def test_the_import_and_its_control_write_the_same_rows_and_roll_back(importer):
    imported = history_bench.prepare_import(projects=3)
    control = history_bench.prepare_control(projects=3)
    assert imported() == control() == 3 * history_bench.YEARS
    assert OutcomeReport.objects.count() == 0


def test_the_bench_call_takes_a_year_of_its_own():
    from bench.evaluation_seed import RANKING_YEAR
    from bench.review_seed import QUEUE_YEAR, SMALL_QUEUE_YEAR
    from bench.submission_bench import SUBMISSION_YEAR
    from programs.demo import FIRST_YEAR

    assert history_bench.CALL_YEAR < FIRST_YEAR
    assert history_bench.CALL_YEAR not in {QUEUE_YEAR, SMALL_QUEUE_YEAR, RANKING_YEAR, SUBMISSION_YEAR}
