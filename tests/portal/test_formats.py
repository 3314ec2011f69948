"""One date format in both languages: 2026-12-05 and 2026-12-05 18:33, never "12/05/2026 6:33 p.m."."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENT = datetime(2026, 12, 5, 18, 33, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_dates_and_times_read_the_same_in_both_languages(language):
    template = Template(
        "{{ moment }}|{{ moment|date }}|{{ moment|date:'DATETIME_FORMAT' }}|{{ moment|date:'SHORT_DATETIME_FORMAT' }}|"
        "{{ moment|date:'SHORT_DATE_FORMAT' }}|{{ moment|time }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"moment": MOMENT}))
    assert rendered == "2026-12-05 18:33|2026-12-05|2026-12-05 18:33|2026-12-05 18:33|2026-12-05|18:33"
