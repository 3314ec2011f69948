import pytest

from programs.addresses import is_yeongcheon

IN_YEONGCHEON = [
    "경상북도 영천시 시청로 16",
    "경북 영천시 금호읍 구암리 123",
    "경상북도 영천시",
    "영천시 완산동 12",
    "영천시 장수로 3",
    "영천 금호읍 덕성리 5",
    "영천 중앙로 12",
    "영천 시청로 16",
    "경북 영천 강변로 12",
    "경북 영천",
    "경북영천시금호읍",
    "경상북도영천시채신동 45",
    "대한민국 경상북도 영천시 채신동",
    "(38852) 경북 영천시 시청로 16",
    "경북 영천시 대전동 100",
    "16 Sicheong-ro, Yeongcheon-si, Gyeongsangbuk-do 38852",
    "Yeongcheon-si, Gyeongsangbuk-do",
    "Yeongcheon si",
    "Yeongcheonsi Geumho-eup",
    "Yeongcheon, Gyeongbuk",
    "Yeongcheon Geumho-eup Guam-ri 12",
    "Daejeon-dong, Yeongcheon-si",
    "금호읍 구암리 38838",  # no city named: the postcode decides
]
NOT_IN_YEONGCHEON = [
    "서울특별시 서대문구 영천동 123",
    "서울 서대문구 영천동",
    "Yeongcheon-dong, Seodaemun-gu, Seoul",
    "대구광역시 동구 신암동 영천",
    "대구 동구 영천로 5",
    "경기도 양주시 영천리 7",
    "경북 고령군 다산면 영천리",
    "Yeongcheon-ri, Dasan-myeon, Goryeong-gun, Gyeongsangbuk-do",
    "Yeongcheon-ri, Chungcheongbuk-do",
    "Yeongcheon-si, Gyeonggi-do",
    "경북 포항시 남구 대이로 12",
    "영천시장",
    "서울 종로구 영천시장길 3",
    "영천동 12",
    "06236 서울 강남구 테헤란로 1",
    "대전동 123",
    "서울특별시 서대문구 영천동 38852",  # a Yeongcheon postcode does not override the city named
    "금호읍 구암리",  # no city, no postcode: not recognised
]


@pytest.mark.parametrize("address", IN_YEONGCHEON)
def test_recognised_as_yeongcheon(address):
    assert is_yeongcheon(address) is True


@pytest.mark.parametrize("address", NOT_IN_YEONGCHEON)
def test_not_fooled(address):
    assert is_yeongcheon(address) is False


@pytest.mark.parametrize("address", ["", "   ", None])
def test_empty_is_unknown(address):
    assert is_yeongcheon(address) is None
