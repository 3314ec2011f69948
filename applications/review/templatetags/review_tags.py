"""Template tags of the review: the Technopark's messages on an application for the company's pages (never internal
comments), and the business number as people write it."""

from django import template

from ..selectors import company_messages, company_recent_messages

register = template.Library()


@register.simple_tag
def company_messages_of(application) -> list:
    if application is None or not getattr(application, "pk", None):
        return []
    return list(company_messages(application=application))


@register.simple_tag
def company_recent_messages_of(company) -> list:
    if company is None or not getattr(company, "pk", None):
        return []
    return list(company_recent_messages(company=company))


@register.filter
def business_number(digits: str) -> str:
    """123-45-67890 from the ten digits (anything else as it is)."""
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if digits and len(digits) == 10 else digits
