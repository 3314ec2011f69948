"""Demo people are named as people: the role or organisation is the portal's label, shown in the reader's language,
never a Korean suffix of the name ("최유진 (외부전문가)" read "Dear 최유진 (외부전문가)" in English mail)."""

from applications.demo.companies import DEMO_COMPANIES
from applications.evaluation.demo import EXPERTS
from portal.accounts.demo import DEMO_USERS


def test_demo_names_carry_no_role_or_organisation_suffix():
    names = [user.full_name for user in DEMO_USERS]
    names += [name for _email, name, _organisation, _fields in EXPERTS]
    names += [company.owner_name for company in DEMO_COMPANIES]
    assert [name for name in names if "(" in name] == []
