from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.models import User
from programs.enums import CallStatus, RuleType
from programs.models import Call
from programs.services import call_copy_to_next_year

from .factories import CallFactory, EligibilityRuleFactory, ProgramFactory, SupportItemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def staff():
    return User.objects.create_user(email="staff@example.org", password="x", full_name="Staff")


def make_call():
    call = CallFactory(
        program=ProgramFactory(code="itd"),
        year=2024,
        code="2024-itd",
        title_ko="2024년 혁신기술개발 지원사업 공고",
        title_en="2024 call: Innovative technology development support",
        opens_at=datetime(2024, 2, 29, 9, tzinfo=SEOUL),
        closes_at=datetime(2024, 3, 29, 18, tzinfo=SEOUL),
        evaluation_on=date(2024, 4, 15),
        status=CallStatus.CLOSED,
    )
    SupportItemFactory(call=call, code="patent", max_support_krw=20_000_000, combinable=True)
    SupportItemFactory(call=call, code="prototype", max_support_krw=30_000_000, combinable=True)
    EligibilityRuleFactory(call=call, rule_type=RuleType.EMPLOYEES_MAX, params={"below": 30})
    EligibilityRuleFactory(call=call, rule_type=RuleType.NO_SANCTION, params={}, is_active=False)
    return call


def test_copy_to_next_year(staff):
    call = make_call()
    copy = call_copy_to_next_year(call=call, acting_user=staff)
    copy.refresh_from_db()
    assert (copy.year, copy.code, copy.status) == (2025, "2025-itd", CallStatus.DRAFT)
    assert copy.title_ko == "2025년 혁신기술개발 지원사업 공고"
    assert copy.title_en.startswith("2025 call")
    assert copy.opens_at == datetime(2025, 2, 28, 9, tzinfo=SEOUL)  # 29 February has no 2025 twin
    assert copy.closes_at == datetime(2025, 3, 29, 18, tzinfo=SEOUL)
    assert copy.evaluation_on == date(2025, 4, 15)
    assert copy.budget_krw == call.budget_krw
    assert (copy.copied_from, copy.created_by) == (call, staff)
    assert sorted(copy.support_items.values_list("code", "max_support_krw")) == [
        ("patent", 20_000_000),
        ("prototype", 30_000_000),
    ]
    assert list(copy.eligibility_rules.values_list("rule_type", "params", "is_active")) == [
        ("employees_max", {"below": 30}, True),
        ("no_sanction", {}, False),
    ]
    assert call.support_items.count() == 2  # the original is untouched


def test_copy_refuses_when_next_year_exists(staff):
    call = make_call()
    call_copy_to_next_year(call=call, acting_user=staff)
    with pytest.raises(ValidationError) as error:
        call_copy_to_next_year(call=call, acting_user=staff)
    assert "The 2025 call of Innovative technology development support already exists" in error.value.messages[0]
    assert Call.objects.filter(program=call.program).count() == 2


def test_copy_moves_the_agreement_deadline_one_year_on(staff):
    call = make_call()
    call.agreement_due_on = date(2024, 5, 20)
    call.save(update_fields=["agreement_due_on"])
    assert call_copy_to_next_year(call=call, acting_user=staff).agreement_due_on == date(2025, 5, 20)
