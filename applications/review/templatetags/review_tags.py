"""Template tags for the company's pages: the Technopark's messages on an application (never internal comments)."""

from django import template

from ..selectors import company_messages

register = template.Library()


@register.simple_tag
def company_messages_of(application) -> list:
    if application is None or not getattr(application, "pk", None):
        return []
    return list(company_messages(application=application))
