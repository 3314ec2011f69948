"""Hypothesis profiles of the fuzz tests.

``smoke`` (the default, in ``make test``): a few derandomized examples per form and endpoint, the same every run.
``fuzz`` (``make fuzz``): ``FUZZ_EXAMPLES`` examples in total (10,000 by default), shared out among every form and
endpoint found, from a random seed (Hypothesis prints how to reproduce a failure).
"""

import json
import math
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings

COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
settings.register_profile("smoke", max_examples=3, derandomize=True, **COMMON)
settings.register_profile("fuzz", max_examples=100, derandomize=False, **COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "smoke")
settings.load_profile(PROFILE)
TOTAL_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))
# The share of the fuzz run's examples that goes to the forms (the rest to the API endpoints).
FORMS_SHARE = 0.8


def examples_per_target(targets: int, *, share: float) -> int:
    if PROFILE != "fuzz":
        return settings().max_examples
    return max(1, math.ceil(TOTAL_EXAMPLES * share / max(targets, 1)))


REPORT = Path(django_settings.VAR_DIR) / "fuzz-report.json"


@pytest.fixture
def fuzz_report():
    """Figures of the run, merged into var/fuzz-report.json for docs/proof.md."""
    figures: dict = {}
    yield figures
    previous = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    previous.update(figures)
    previous["profile"] = PROFILE
    REPORT.write_text(json.dumps(previous, indent=2, ensure_ascii=False))
