"""A company's head office address placed in one of Yeongcheon's 16 areas, or "unknown"."""

import pytest

from reports.areas import ADMINISTRATIVE_DONGS, AREAS, EUP_MYEON, LEGAL_DONGS, OTHER, UNKNOWN, area_label, area_of


@pytest.mark.parametrize(
    ("address", "area"),
    [
        ("경상북도 영천시 금호읍 구암리 123", "금호읍"),
        ("경상북도 영천시 화산면 대기리 45", "화산면"),
        ("경북 영천시 고경면 용전리 7", "고경면"),
        ("영천시 북안면 12 북안농공단지", "북안면"),
        ("경상북도영천시청통면 5", "청통면"),
        # A legal dong of each administrative dong.
        ("경북 영천시 언하동 3", "동부동"),
        ("경북 영천시 녹전동 12", "중앙동"),
        ("경상북도 영천시 대전동 100", "서부동"),
        ("영천시 완산동 12", "완산동"),
        ("경상북도 영천시 채신공단로 45 (채신동)", "남부동"),
        ("경상북도 영천시 괴연동 8", "남부동"),
        ("경상북도 영천시 도남동 3 도남농공단지", "남부동"),
        ("경상북도 영천시 도동 5", "남부동"),
        # Cannot be placed.
        ("경북 영천시", UNKNOWN),
        ("경상북도 영천시 시청로 16", UNKNOWN),  # a road name without its legal dong
        ("서울특별시 서대문구 영천동 12", UNKNOWN),  # Seoul's 영천동 is not Yeongcheon-si
        ("경북 포항시 남구 대이로 12", UNKNOWN),
        ("대구광역시 동구 신암동 5", UNKNOWN),
        ("", UNKNOWN),
        (None, UNKNOWN),
    ],
)
def test_area_of(address, area):
    assert area_of(address) == area


def test_every_eup_and_myeon_is_found_by_its_name():
    for name in EUP_MYEON:
        assert area_of(f"경상북도 영천시 {name} 어느리 1") == name


def test_the_table_places_thirty_legal_dongs_in_the_five_administrative_dongs():
    assert len(LEGAL_DONGS) == 30 and set(LEGAL_DONGS.values()) == set(ADMINISTRATIVE_DONGS)
    assert len(AREAS) == 16
    for legal, administrative in LEGAL_DONGS.items():
        assert area_of(f"경북 영천시 {legal} 1-2") == administrative


def test_labels_of_the_groups_that_are_not_areas(english):
    assert area_label("화산면") == "화산면"
    assert area_label(OTHER) == "Other areas" and area_label(UNKNOWN) == "Address not placed"
