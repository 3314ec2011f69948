"""Is an address in Yeongcheon-si (영천시, 경상북도)?

Korean addresses go from large to small: province (도/광역시), city or county (시/군/구), then eup/myeon/dong and
road. Yeongcheon-si is a city of Gyeongsangbuk-do, written "경상북도 영천시", "경북 영천시", just "영천시", or
"영천" followed by one of its eup/myeon/dong or a road name ("영천 금호읍 ...", "경북 영천 시청로 16"), with or
without spaces. Romanized addresses go from small to large: "16 Sicheong-ro, Yeongcheon-si, Gyeongsangbuk-do".

The traps are places that share the name at a lower level: 영천동 in Seoul's Seodaemun-gu, 영천리 villages in other
counties (also in Gyeongbuk), "영천" inside an address of Daegu, or 영천시장 (a market in Seoul). So we decide on
the *city level* only:

1. A province or metropolitan city other than Gyeongbuk at the head of the address → not Yeongcheon-si.
2. After an optional "경상북도"/"경북", the city token must be "영천시", or "영천" directly followed by a
   Yeongcheon eup/myeon/dong name or a road name. "영천동", "영천리", "영천로", "영천시장" are not the city.
3. Romanized: "Yeongcheon-si", "Yeongcheon si", "Yeongcheon City", or "Yeongcheon" followed by nothing, by the
   province or by a place of the city; never "Yeongcheon-dong/-ri/-ro/-gil/-eup/-myeon". Any other province or
   metropolitan city named in the address makes it not Yeongcheon-si.
4. The postcode (388xx and 389xx are Yeongcheon's) is supporting evidence only: it decides when the text names
   no city at all (e.g. "38852 금호읍 ..."); it never overrides a city the text names.

Returns True / False, or None for an empty address (nothing to judge).
"""

import re
import unicodedata
from functools import lru_cache

GYEONGBUK_KO = ("경상북도", "경북")
# Other provinces and metropolitan cities, longest first so that a full name wins over its short form.
OTHER_REGIONS_KO = tuple(sorted((
    "서울특별시", "서울시", "서울", "부산광역시", "부산시", "부산", "대구광역시", "대구시", "대구",
    "인천광역시", "인천시", "인천", "광주광역시", "광주시", "광주", "대전광역시", "대전시", "대전",
    "울산광역시", "울산시", "울산", "세종특별자치시", "세종시", "세종", "경기도", "경기",
    "강원특별자치도", "강원도", "강원", "충청북도", "충북", "충청남도", "충남", "전북특별자치도", "전라북도", "전북",
    "전라남도", "전남", "경상남도", "경남", "제주특별자치도", "제주도", "제주",
), key=len, reverse=True))  # fmt: skip
# The eup, myeon and administrative/legal dong of Yeongcheon-si (DOMAIN.md and the industrial areas).
YEONGCHEON_PLACES_KO = (
    "금호읍", "청통면", "신녕면", "화산면", "화북면", "화남면", "자양면", "임고면", "고경면", "북안면", "대창면",
    "동부동", "중앙동", "서부동", "완산동", "남부동", "채신동", "괴연동", "녹전동", "망정동", "야사동", "문내동",
    "과전동", "성내동", "창구동", "화룡동", "교촌동", "조교동", "오수동", "금노동", "작산동", "쌍계동", "도동", "봉동",
    "범어동", "매산동", "신월동", "오미동", "도림동", "대전동", "언하동", "본촌동", "도남동", "오산동",
)  # fmt: skip
# A road name: Hangul (and digits) ending in 로 or 길, then a building number ("시청로16", "강변로 12").
_ROAD_KO = re.compile(r"^[가-힣0-9]+(로|길)\d")
# After 영천 these make a lower-level place, not the city: 영천동, 영천리, 영천로, 영천길, 영천읍, 영천역, 영천시장.
_NOT_CITY_SUFFIX_KO = ("동", "리", "로", "길", "읍", "면", "역", "시장")

_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_COMPACT_DROP = re.compile(r"[\s,.\-()\[\]·]+")
_COUNTRY_KO = ("대한민국", "한국")
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[a-z]")

_ROMAN_CITY = ("yeongcheon", "youngcheon", "yeongchon")
_ROMAN_NOT_CITY_NEXT = {"dong", "ri", "ro", "gil", "eup", "myeon", "market", "station", "gu", "gun"}
_ROMAN_CITY_NEXT = {"si", "city"}
_ROMAN_CITY_JOINED = {f"{name}{suffix}" for name in _ROMAN_CITY for suffix in _ROMAN_CITY_NEXT}
_ROMAN_GYEONGBUK = {"gyeongsangbuk", "gyeongbuk", "gyeongsangbukdo", "gyeongbukdo"}
_ROMAN_OTHER_REGIONS = {
    "seoul", "busan", "daegu", "incheon", "gwangju", "daejeon", "ulsan", "sejong", "gyeonggi", "gyeonggido",
    "gangwon", "gangwondo", "chungcheongbuk", "chungbuk", "chungcheongnam", "chungnam", "jeollabuk", "jeonbuk",
    "jeollanam", "jeonnam", "gyeongsangnam", "gyeongnam", "jeju",
}  # fmt: skip


def is_yeongcheon(address: str | None) -> bool | None:
    """Whether ``address`` is in Yeongcheon-si; None when it is empty. See the module docstring."""
    if address is None:
        return None
    text = unicodedata.normalize("NFKC", str(address)).strip()
    if not text:
        return None
    return _judge(text)


def clear_cache() -> None:
    """Forget the addresses judged so far (they are remembered, 8,192 at most, as the same address comes
    back for every call a company is checked against)."""
    _judge.cache_clear()


@lru_cache(maxsize=8192)
def _judge(text: str) -> bool:
    postcodes = _POSTCODE.findall(text)
    without_postcodes = _POSTCODE.sub(" ", text)
    verdict = None
    if _HANGUL.search(without_postcodes):
        verdict = _judge_korean(without_postcodes)
    if verdict is None and _LATIN.search(without_postcodes.lower()):
        verdict = _judge_romanized(without_postcodes)
    if verdict is not None:
        return verdict
    # The text names no city: the postcode decides.
    return bool(postcodes) and all(code[:3] in ("388", "389") for code in postcodes)


def _judge_korean(text: str) -> bool | None:
    """True/False when the Korean text names a province or city; None when it names neither."""
    tokens = [t for t in re.split(r"[\s,()\[\]]+", text) if t]
    while tokens and tokens[0] in _COUNTRY_KO:
        tokens.pop(0)
    compact = _COMPACT_DROP.sub("", "".join(tokens))
    if not compact:
        return None
    in_gyeongbuk = False
    for name in GYEONGBUK_KO:
        if compact.startswith(name):
            compact = compact[len(name) :]
            in_gyeongbuk = True
            tokens = tokens[1:] if tokens and tokens[0] == name else tokens
            break
    else:
        for name in OTHER_REGIONS_KO:
            if compact.startswith(name) and not _starts_lower_place(compact[len(name) :]):
                return False
    city_token = tokens[0] if tokens else ""
    if city_token == "영천시":
        return True
    if compact.startswith("영천"):
        rest = compact[len("영천") :]
        if rest.startswith("시") and not rest.startswith("시장"):
            return True  # 영천시, 영천시금호읍, "영천 시청로 16" (compact 영천시청로16)
        if rest.startswith(YEONGCHEON_PLACES_KO) or (_ROAD_KO.match(rest) and not rest.startswith(_NOT_CITY_SUFFIX_KO)):
            return True
        return not rest and in_gyeongbuk  # "경북 영천" is the city; 영천동, 영천리, 영천로 ... are not
    if in_gyeongbuk:
        return False  # another city or county of Gyeongbuk (포항시, 고령군 ... 영천리)
    if "경북영천시" in compact or "경상북도영천시" in compact:
        return True  # the city is named further in, after a building or company name
    return None


def _starts_lower_place(rest: str) -> bool:
    """``대전`` + ``동...`` is 대전동 (a dong of Yeongcheon-si), not Daejeon; the same for 리/로/길."""
    return rest.startswith(("동", "리", "로", "길"))


def _judge_romanized(text: str) -> bool | None:
    """True/False when the romanized text names a province or city; None when it names neither."""
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]
    city = False
    other_region = False
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in _ROMAN_OTHER_REGIONS and following not in _ROMAN_NOT_CITY_NEXT:
            other_region = True
        if word in _ROMAN_CITY:
            if following in _ROMAN_CITY_NEXT or following in _ROMAN_GYEONGBUK or not following:
                city = True
            elif following not in _ROMAN_NOT_CITY_NEXT and not following.isdigit():
                city = True  # "Yeongcheon Geumho-eup": the short form, like "영천 금호읍"
        elif word in _ROMAN_CITY_JOINED:
            city = True  # "Yeongcheonsi"
    if other_region:
        return False
    if city:
        return True
    return None
