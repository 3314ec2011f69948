"""Fixtures of the programs tests; import them into a test module to use them."""

import pytest
from django.utils import translation


@pytest.fixture
def english(settings):
    """Messages are asserted in English (the msgids): in this code and in pages the test client requests."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
