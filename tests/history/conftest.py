"""The history import's tests assert the English messages (the msgids)."""

import pytest


@pytest.fixture(autouse=True)
def _english(english) -> None:
    return None
