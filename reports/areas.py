"""Where in Yeongcheon a company is: its head office address placed in one of the city's 16 areas (1 eup, 10 myeon,
5 administrative dong), or ``UNKNOWN``.

An address names the eup or myeon directly ("경상북도 영천시 화산면 대기리 …"). In the urban part it names a
legal dong (법정동: "경북 영천시 녹전동 …", or "(채신동)" after a road name); the 30 legal dongs are grouped into
the 5 administrative dongs (행정동) by ``LEGAL_DONGS`` below. Source and caveats: docs/results.md, "The area table".
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _

from programs.addresses import is_yeongcheon

EUP_MYEON = (
    "금호읍",
    "청통면",
    "신녕면",
    "화산면",
    "화북면",
    "화남면",
    "자양면",
    "임고면",
    "고경면",
    "북안면",
    "대창면",
)
ADMINISTRATIVE_DONGS = ("동부동", "중앙동", "서부동", "완산동", "남부동")
# The areas in the order the results show them.
AREAS = EUP_MYEON + ADMINISTRATIVE_DONGS
# Groups that are not an area: addresses that cannot be placed, and groups folded by the suppression rule.
UNKNOWN = "unknown"
OTHER = "other"

# Legal dong (법정동) -> administrative dong (행정동). From the Encyclopedia of Yeongcheon Culture (디지털영천문화대전,
# yeongcheon.grandculture.net, entries 중앙동 GC05100335, 서부동 GC05100344 and the legal dongs' entries); see
# docs/results.md for the entries not confirmed there.
LEGAL_DONGS = {
    # 중앙동
    "문내동": "중앙동",
    "문외동": "중앙동",
    "창구동": "중앙동",
    "과전동": "중앙동",
    "오미동": "중앙동",
    "매산동": "중앙동",
    "도림동": "중앙동",
    "녹전동": "중앙동",
    # 서부동
    "교촌동": "서부동",
    "성내동": "서부동",
    "화룡동": "서부동",
    "오수동": "서부동",
    "쌍계동": "서부동",
    "서산동": "서부동",
    "대전동": "서부동",
    # 동부동
    "언하동": "동부동",
    "망정동": "동부동",
    "야사동": "동부동",
    "조교동": "동부동",
    "신월동": "동부동",
    # 완산동
    "완산동": "완산동",
    "작산동": "완산동",
    # 남부동
    "도동": "남부동",
    "도남동": "남부동",
    "금노동": "남부동",
    "범어동": "남부동",
    "봉동": "남부동",
    "괴연동": "남부동",
    "채신동": "남부동",
    "본촌동": "남부동",
}

_EUP_MYEON_RE = re.compile("|".join(EUP_MYEON))
# A dong name standing alone: not inside a longer Hangul word, except right after the city ("영천시채신동").
_DONG_NAMES = "|".join(sorted({*LEGAL_DONGS, *ADMINISTRATIVE_DONGS}, key=len, reverse=True))
_DONG_RE = re.compile(rf"(?:(?<![가-힣])|(?<=영천시)|(?<=영천))({_DONG_NAMES})(?![가-힣])")


def area_of(address: str | None) -> str:
    """The area (a name of ``AREAS``) of an address in Yeongcheon-si, or ``UNKNOWN``.

    Whether the address is in Yeongcheon-si at all is decided by ``programs.addresses.is_yeongcheon`` (the same
    rule as eligibility: a 영천동 of Seoul or a 영천리 elsewhere is not the city). Then the first eup, myeon or dong
    of the city named in the address decides; an address that names none ("경북 영천시" alone, a road name without
    its legal dong, a romanized address) is ``UNKNOWN``."""
    if not is_yeongcheon(address):
        return UNKNOWN
    text = unicodedata.normalize("NFKC", address)
    found = [match for match in (_EUP_MYEON_RE.search(text), _DONG_RE.search(text)) if match]
    if not found:
        return UNKNOWN
    name = min(found, key=lambda match: match.start()).group(0)
    return LEGAL_DONGS.get(name, name)


def area_label(area: str) -> str:
    """What the results show for an area: its Korean name, or the translated "Other" / "Unknown"."""
    if area == OTHER:
        return str(_("Other areas"))
    if area == UNKNOWN:
        return str(_("Address not placed"))
    return area
