"""The judgement of each rule type on already-parsed values, with its reason in the active language.

Every function answers ``(Outcome, message)``. The messages are English msgids with the figures in them
("Average regular employees 29.9 (12 monthly counts) is below the minimum of 30."); the engine appends the
evidence document to an unknown answer.
"""

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .employees import RegularEmployees
from .enums import BusinessStatus, Outcome, RuleType, SiteKind
from .ksic import KsicCode

PASS, FAIL, UNKNOWN = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN
Answer = tuple[Outcome, str]


def label(choice) -> str:
    """The translated label of a choice (``DocumentType.SME_CERTIFICATE``) in the active language."""
    return str(choice.label)


def _number(value: Decimal) -> str:
    """30 -> "30", 29.5 -> "29.5": a threshold as staff wrote it."""
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value.normalize())


def _krw(amount: int) -> str:
    return f"{amount:,}"


def location(judged: list[tuple[SiteKind, str | None, bool | None]], *, require_all: bool) -> Answer:
    """``judged``: (site, address, in Yeongcheon-si) for each site that counts; the verdict is ``None`` when no
    address is known, and ``False`` without an address when the company says it has no such site."""
    inside = [(site, address) for site, address, verdict in judged if verdict is True]
    outside = [(site, address) for site, address, verdict in judged if verdict is False and address]
    absent = [site for site, address, verdict in judged if verdict is False and not address]
    missing = [site for site, _address, verdict in judged if verdict is None]
    names = ", ".join(label(site) for site, _address, _verdict in judged)
    if require_all:
        if outside:
            site, address = outside[0]
            return FAIL, _("%(site)s is not in Yeongcheon-si: %(address)s.") % {"site": label(site), "address": address}
        if absent:
            return FAIL, _("The company has no such site: %(sites)s.") % {
                "sites": ", ".join(label(site) for site in absent)
            }
        if missing:
            return UNKNOWN, _("No address given for: %(sites)s.") % {
                "sites": ", ".join(label(site) for site in missing)
            }
        return PASS, _("All of these are in Yeongcheon-si: %(sites)s.") % {"sites": names}
    if inside:
        site, address = inside[0]
        return PASS, _("%(site)s is in Yeongcheon-si: %(address)s.") % {"site": label(site), "address": address}
    if missing:
        values = {"sites": ", ".join(label(site) for site in missing)}
        if outside:
            return UNKNOWN, _("No address given is in Yeongcheon-si, and none is given for: %(sites)s.") % values
        return UNKNOWN, _("No address given for: %(sites)s.") % values
    if not outside:
        return FAIL, _("The company has none of these: %(sites)s.") % {"sites": names}
    given = "; ".join(
        [f"{label(site)}: {address}" for site, address in outside]
        + [f"{label(site)}: {pgettext('site', 'none')}" for site in absent]
    )
    return FAIL, _("None of %(sites)s is in Yeongcheon-si (%(given)s).") % {"sites": names, "given": given}


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year + years, day=28)


def located_min_years(
    since: date | None, as_of: date, years: int, *, sites: list[tuple[SiteKind, str | None, bool | None]]
) -> Answer:
    """``sites`` as for ``location``, for every kind of site: the time counts only with a site in Yeongcheon-si.
    Without one, the answer is fail when every site is known (given or "none"), else unknown, never pass."""
    in_yeongcheon = any(verdict is True for _site, _address, verdict in sites)
    all_known = all(verdict is not None for _site, _address, verdict in sites)
    if not in_yeongcheon and all_known:
        return FAIL, _("No site of the company is in Yeongcheon-si, so it has not been located there.")
    if since is None:
        return UNKNOWN, _("The date the company located in Yeongcheon-si is not known.")
    elapsed = Decimal((as_of - since).days) / Decimal("365.25")
    values = {
        "since": since.isoformat(),
        "as_of": as_of.isoformat(),
        "elapsed": str(max(elapsed, Decimal(0)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)),
        "min": years,
    }
    if _add_years(since, years) <= as_of:
        if not in_yeongcheon:
            return UNKNOWN, _("No address given is in Yeongcheon-si, so the time located there cannot be counted.")
        return PASS, ngettext(
            "Located in Yeongcheon-si since %(since)s (%(elapsed)s years on %(as_of)s): meets the minimum of "
            "%(min)d year.",
            "Located in Yeongcheon-si since %(since)s (%(elapsed)s years on %(as_of)s): meets the minimum of "
            "%(min)d years.",
            years,
        ) % values
    return FAIL, ngettext(
        "Located in Yeongcheon-si since %(since)s (%(elapsed)s years on %(as_of)s): under the minimum of %(min)d year.",
        "Located in Yeongcheon-si since %(since)s (%(elapsed)s years on %(as_of)s): under the minimum of "
        "%(min)d years.",
        years,
    ) % values


def _employees_unknown(employees: RegularEmployees | str | None) -> Answer | None:
    if employees is None:
        return UNKNOWN, _("The number of regular employees is not known.")
    if isinstance(employees, str):
        return UNKNOWN, _("The regular employees given cannot be used: %(problem)s") % {"problem": employees}
    return None


def employees_min(employees: RegularEmployees | str | None, minimum: Decimal) -> Answer:
    if unknown := _employees_unknown(employees):
        return unknown
    values = {"figure": employees.describe(), "min": _number(minimum)}
    if employees.average >= minimum:
        return PASS, _("%(figure)s meets the minimum of %(min)s.") % values
    return FAIL, _("%(figure)s is below the minimum of %(min)s.") % values


def employees_max(employees: RegularEmployees | str | None, below: Decimal) -> Answer:
    if unknown := _employees_unknown(employees):
        return unknown
    values = {"figure": employees.describe(), "below": _number(below)}
    if employees.average < below:
        return PASS, _("%(figure)s is fewer than %(below)s, as required.") % values
    return FAIL, _("%(figure)s is not fewer than %(below)s.") % values


def _ksic_unknown(ksic: KsicCode | str | None) -> Answer | None:
    if ksic is None:
        return UNKNOWN, _("The industry (KSIC code) is not known.")
    if isinstance(ksic, str):
        return UNKNOWN, _("The KSIC code cannot be read: %(problem)s") % {"problem": ksic}
    return None


def manufacturing(ksic: KsicCode | str | None, divisions: tuple[int, int]) -> Answer:
    if unknown := _ksic_unknown(ksic):
        return unknown
    low, high = divisions
    values = {"code": str(ksic), "division": f"{ksic.division:02d}", "low": f"{low:02d}", "high": f"{high:02d}"}
    if ksic.is_manufacturing and low <= ksic.division <= high:
        return PASS, _(
            "KSIC %(code)s: division %(division)s is manufacturing (divisions %(low)s to %(high)s)."
        ) % values
    return FAIL, _(
        "KSIC %(code)s: division %(division)s is not manufacturing (section C, divisions %(low)s to %(high)s)."
    ) % values


def sme_size(
    *, certified: bool | None, ksic: KsicCode | str | None, revenue: int | None, assets: int | None, assets_cap: int
) -> Answer:
    """The certificate decides when known; else the revenue band of the KSIC division (at or below the band,
    as the Enforcement Decree's Annex 1 says) and total assets strictly under the cap."""
    if certified is True:
        return PASS, _("The company holds a valid SME confirmation certificate.")
    if certified is False:
        return FAIL, _("The company has no valid SME confirmation certificate.")
    if revenue is None or ksic is None:
        return UNKNOWN, _(
            "Without an SME confirmation certificate, the 3-year average revenue and the KSIC code are needed."
        )
    if unknown := _ksic_unknown(ksic):
        return unknown
    cap = ksic.revenue_cap_krw
    if cap is None:
        return UNKNOWN, _("No revenue band is held for KSIC %(code)s: the SME confirmation certificate decides.") % {
            "code": str(ksic)
        }
    values = {"revenue": _krw(revenue), "cap": _krw(cap), "division": f"{ksic.division:02d}"}
    if revenue > cap:
        return FAIL, _(
            "3-year average revenue KRW %(revenue)s is above the band of KRW %(cap)s for KSIC division %(division)s."
        ) % values
    if assets is not None and assets >= assets_cap:
        return FAIL, _("Total assets KRW %(assets)s are not under KRW %(cap)s.") % {
            "assets": _krw(assets),
            "cap": _krw(assets_cap),
        }
    return PASS, _(
        "3-year average revenue KRW %(revenue)s is within the band of KRW %(cap)s for KSIC division %(division)s."
    ) % values


def business_active(status: BusinessStatus | str | None) -> Answer:
    if status is None or status == "":
        return UNKNOWN, _("Whether the business is active is not known.")
    status = BusinessStatus(status)
    if status == BusinessStatus.ACTIVE:
        return PASS, _("The business is active (National Tax Service status 01).")
    if status == BusinessStatus.SUSPENDED:
        return FAIL, _("The business is suspended (National Tax Service status 02).")
    return FAIL, _("The business is closed (National Tax Service status 03).")


def _flag_messages(rule_type: RuleType) -> tuple[str, str, str]:
    """(pass, fail, unknown) messages of the yes/no exclusion rules."""
    if rule_type == RuleType.NO_TAX_ARREARS:
        return (
            _("No unpaid national or local taxes."),
            _("The company has unpaid national or local taxes."),
            _("Whether the company has unpaid taxes is not known."),
        )
    if rule_type == RuleType.NO_FINANCIAL_DEFAULT:
        return (
            _("No default with financial institutions."),
            _("The company is in default with a financial institution."),
            _("Whether the company is in default with a financial institution is not known."),
        )
    if rule_type == RuleType.NO_SANCTION:
        return (
            _("No sanction bars the company from participating."),
            _("A sanction bars the company from participating."),
            _("Whether a sanction bars the company from participating is not known."),
        )
    return (
        _("The task is not funded by another program."),
        _("The same task is already funded by another program."),
        _("Whether the same task is funded by another program is not known."),
    )


def no_flag(rule_type: RuleType, flagged: bool | None) -> Answer:
    """The exclusion rules: the fact is the bad thing (arrears, default, sanction, duplicate funding)."""
    passed, failed, unknown = _flag_messages(rule_type)
    if flagged is None:
        return UNKNOWN, unknown
    return (FAIL, failed) if flagged else (PASS, passed)


def founded_before(founded_on: date | None, before: date) -> Answer:
    if founded_on is None:
        return UNKNOWN, _("The founding date is not known.")
    values = {"founded": founded_on.isoformat(), "date": before.isoformat()}
    if founded_on < before:
        return PASS, _("Founded on %(founded)s, before %(date)s.") % values
    return FAIL, _("Founded on %(founded)s, not before %(date)s.") % values


def max_concurrent_tasks(current: int | None, maximum: int) -> Answer:
    """The task applied for counts: ``current + 1`` tasks at once must not exceed ``maximum``."""
    if current is None:
        return UNKNOWN, _("The number of supported tasks under way is not known.")
    values = {"current": current, "total": current + 1, "max": maximum}
    if current + 1 <= maximum:
        return PASS, _(
            "%(current)d supported tasks under way; with this one %(total)d, within the limit of %(max)d."
        ) % values
    return FAIL, _(
        "%(current)d supported tasks under way; with this one %(total)d, over the limit of %(max)d."
    ) % values
