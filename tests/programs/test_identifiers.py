import pytest
from django import forms
from django.core.exceptions import ValidationError

from programs.identifiers import (
    BusinessKind,
    BusinessNumberField,
    business_number_kind,
    format_business_number,
    is_valid_business_number,
    is_valid_corporate_number,
    validate_business_number,
    validate_corporate_number,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("123-45-67891", True),
        ("1234567891", True),
        ("123 45 67891", True),
        (" 123-45-67891 ", True),
        ("123-45-67890", False),  # wrong check digit
        ("106-86-14245", False),  # DOMAIN.md's invalid example
        ("123-45-6789", False),  # 9 digits
        ("123-45-678912", False),  # 11 digits
        ("12a-45-67891", False),  # garbage
        ("", False),
        (None, False),
        (
            "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19\uff11",
            False,
        ),  # full-width digits are not accepted silently
    ],
)
def test_business_number_check_digit(value, valid):
    assert is_valid_business_number(value) is valid


def test_every_other_last_digit_is_refused():
    valid = [f"123456789{d}" for d in range(10) if is_valid_business_number(f"123456789{d}")]
    assert valid == ["1234567891"]


def test_format_business_number():
    assert format_business_number("1234567891") == "123-45-67891"
    with pytest.raises(ValueError):
        format_business_number("12345")


@pytest.mark.parametrize(
    ("middle", "kind"),
    [
        ("01", BusinessKind.INDIVIDUAL),
        ("79", BusinessKind.INDIVIDUAL),
        ("81", BusinessKind.CORPORATION),
        ("86", BusinessKind.CORPORATION),
        ("87", BusinessKind.CORPORATION),
        ("88", BusinessKind.CORPORATION),
        ("85", BusinessKind.CORPORATION_BRANCH),
        ("82", BusinessKind.NON_PROFIT),
        ("83", BusinessKind.GOVERNMENT),
        ("84", BusinessKind.FOREIGN),
        ("80", BusinessKind.OTHER),
        ("00", BusinessKind.OTHER),
    ],
)
def test_business_number_kind(middle, kind):
    assert business_number_kind(f"123{middle}67891") == kind


def test_validator_messages_distinguish_format_and_check_digit():
    with pytest.raises(ValidationError) as format_error:
        validate_business_number("12-34")
    assert format_error.value.code == "format"
    with pytest.raises(ValidationError) as check_error:
        validate_business_number("1068614245")
    assert check_error.value.code == "check_digit"
    assert "106-86-14245" in check_error.value.messages[0]
    validate_business_number("123-45-67891")


class _Form(forms.Form):
    business_number = BusinessNumberField(label="Business number")
    optional_number = BusinessNumberField(label="Optional", required=False)


@pytest.mark.parametrize("typed", ["1234567891", "123-45-67891", "123 45 67891"])
def test_business_number_field_cleans_to_written_form(typed):
    form = _Form(data={"business_number": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["business_number"] == "123-45-67891"
    assert form.cleaned_data["optional_number"] == ""


def test_business_number_field_error_keeps_what_was_typed():
    form = _Form(data={"business_number": "106-86-14245"})
    assert not form.is_valid()
    assert "check digit" in form.errors["business_number"][0]
    assert 'value="106-86-14245"' in str(form["business_number"])


@pytest.mark.parametrize(
    ("value", "valid"),
    [("110111-0062432", True), ("1101110062432", True), ("110111-0062433", False), ("110111-006243", False)],
)
def test_corporate_number(value, valid):
    assert is_valid_corporate_number(value) is valid
    if valid:
        validate_corporate_number(value)
    else:
        with pytest.raises(ValidationError):
            validate_corporate_number(value)
