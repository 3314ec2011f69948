"""Text that people typed stays as typed; on a page in another language, Korean text is marked as Korean so that
a screen reader reads it with a Korean voice and the browser picks a Korean font."""

import re

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


@register.filter
def lang_of(value: object) -> str:
    """`` lang="ko"`` for an element holding Korean text on a page that is not in Korean; empty otherwise.
    Use inside the element's tag: ``<span{{ company.name|lang_of }}>{{ company.name }}</span>``."""
    if (get_language() or "ko").startswith("ko") or not HANGUL.search(str(value or "")):
        return ""
    return mark_safe(' lang="ko"')  # a fixed attribute, no user text
