"""The demo: last year's call of program A has a selected application with a confirmed agreement (the project in
progress) and one whose agreement was sent and waits for the company."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from applications.agreements.models import AgreementVersion
from applications.workflow import ApplicationStatus
from programs.demo import open_year

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_confirmed_and_an_unconfirmed_agreement_on_last_years_call():
    call_command("seed_demo", stdout=StringIO())
    versions = AgreementVersion.objects.filter(agreement__application__call__year=open_year() - 1).select_related(
        "agreement__application"
    )
    states = sorted((v.state, v.agreement.application.status) for v in versions)
    assert states == [("confirmed", ApplicationStatus.IN_PROGRESS), ("issued", ApplicationStatus.SELECTED)]
    assert all(v.agreement.application.call.closes_at < v.issued_at for v in versions)
    # Receipt numbers as the portal gives them (YC-<year>-<PROGRAM>-<n>).
    assert all(re.fullmatch(r"YC-\d{4}-HVC-\d{4}", v.agreement.application.receipt_number) for v in versions)
    call_command("seed_demo", stdout=StringIO())
    assert versions.count() == 2  # (other seeders may add agreements on other calls)
