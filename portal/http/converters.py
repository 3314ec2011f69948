"""``<num:…>`` in URL patterns: Django's ``int`` converter, up to 18 digits, so that every number a URL carries fits
the database's 64-bit integers. (``<num:pk>`` let /results/99999999999999999999/ through to the database, which
raised OverflowError on SQLite and "bigint out of range" on PostgreSQL: a 500 instead of a 404.)"""

from django.urls.converters import IntConverter


class BoundedIntConverter(IntConverter):
    regex = "[0-9]{1,18}"
