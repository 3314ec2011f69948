"""Who may do what with a company and its vault, declared once for views, templates and services.

A user belongs to at most one company. Every object of a company is looked up through a queryset scoped to
the user's company (``applications.selectors``), so another company's object is a 404, never a page.
"""

from django.core.exceptions import ObjectDoesNotExist

from .models import Company, CompanyMember


def membership_of(user) -> CompanyMember | None:
    """The user's membership (with its company), or ``None``; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.company_membership
    except ObjectDoesNotExist:
        return None


def is_member(user, company: Company) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.company_id == company.pk


def can_view_company(user, company: Company) -> bool:
    return is_member(user, company)


def can_edit_company(user, company: Company) -> bool:
    """Every member keeps the profile and the vault up to date."""
    return is_member(user, company)


def can_manage_members(user, company: Company) -> bool:
    """Only owners invite and remove members."""
    membership = membership_of(user)
    return membership is not None and membership.company_id == company.pk and membership.is_owner


def can_create_company(user) -> bool:
    return getattr(user, "is_authenticated", False) and membership_of(user) is None
