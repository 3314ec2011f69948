"""Fixtures of the programs tests; import them into a test module to use them."""

import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages are asserted in English (the msgids); the Korean catalogue is added separately."""
    with translation.override("en"):
        yield
