"""Korean particles chosen by the sound a name or number ends on ("중분류 29는", "중분류 30은")."""

import pytest
from django.utils import translation

from programs.eligibility import CompanyFacts, evaluate_rule
from programs.enums import RuleType
from programs.ksic import KsicError, parse_ksic
from programs.models import EligibilityRule
from programs.particles import with_particles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("중분류 29은(는) 제조업입니다", "중분류 29는 제조업입니다"),
        ("중분류 30은(는) 제조업입니다", "중분류 30은 제조업입니다"),
        ("중분류 01이(가) 없습니다", "중분류 01이 없습니다"),
        ("중분류 05이(가) 없습니다", "중분류 05가 없습니다"),
        ("“C25”은(는) 코드가 아닙니다", "“C25”는 코드가 아닙니다"),
        ("“C2L”은(는)", "“C2L”은"),
        ("본사이(가) 있습니다", "본사가 있습니다"),
        ("공장이(가) 있습니다", "공장이 있습니다"),
        ("증명서을(를) 첨부", "증명서를 첨부"),
        ("1,000,000원을(를)", "1,000,000원을"),
        ("100은(는)", "100은"),
        ("서울(으)로", "서울로"),
        ("부산(으)로", "부산으로"),
        ("%은(는)", "%은(는)"),  # cannot be read: both forms stay
        ("Division 29 is manufacturing.", "Division 29 is manufacturing."),
    ],
)
def test_particle_follows_the_final_sound(text, expected):
    assert with_particles(text) == expected


def test_manufacturing_rule_in_korean_chooses_the_particle_of_division_29():
    rule = EligibilityRule(rule_type=RuleType.MANUFACTURING, params={"divisions": [10, 34]}, message_ko="제조업")
    with translation.override("ko"):
        message = evaluate_rule(rule, CompanyFacts(ksic_code="C29")).message
    assert "중분류 29는 제조업입니다" in message
    assert "(는)" not in message


def test_ksic_errors_in_korean_choose_the_particle():
    with translation.override("ko"), pytest.raises(KsicError) as error:
        parse_ksic("A29")
    assert "중분류 29는 대분류 A가 아니라" in str(error.value)
