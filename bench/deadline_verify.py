"""What the deadline-day scenario checks once the rush is over: nothing lost, nothing twice, no gap.

Pure checks (``receipt_gaps``, ``exactly_once``) take plain values, so that tests/bench tests them on small
data; ``verify_call`` reads the database after a run and returns the figures and every problem found.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_RECEIPT_NUMBER = re.compile(r"-(\d+)$")


def receipt_gaps(receipts: Iterable[str]) -> list[str]:
    """Problems of a call's receipt numbers (``YC-2095-HVC-0001`` …): each must appear once and together they
    must run 1, 2, … n without a gap. An empty list when they do."""
    problems: list[str] = []
    numbers: list[int] = []
    for receipt in receipts:
        match = _RECEIPT_NUMBER.search(receipt or "")
        if match is None:
            problems.append(f"unreadable receipt number {receipt!r}")
        else:
            numbers.append(int(match.group(1)))
    counts = Counter(numbers)
    duplicated = sorted(number for number, count in counts.items() if count > 1)
    if duplicated:
        problems.append(f"receipt numbers given twice: {duplicated[:10]}")
    missing = sorted(set(range(1, len(counts) + 1)) - set(counts))
    if missing:
        problems.append(f"gaps in the receipt numbers: {missing[:10]} missing of 1..{max(counts)}")
    return problems


def exactly_once(expected: Iterable, found: Iterable, *, what: str) -> list[str]:
    """Problems when ``found`` does not hold every ``expected`` key exactly once (missing, twice, or foreign)."""
    wanted = set(expected)
    counts = Counter(found)
    problems = []
    missing = sorted(wanted - set(counts), key=str)
    if missing:
        problems.append(f"{len(missing)} {what} missing, e.g. {missing[:5]}")
    twice = sorted((key for key, count in counts.items() if count > 1 and key in wanted), key=str)
    if twice:
        problems.append(f"{len(twice)} {what} present more than once, e.g. {twice[:5]}")
    foreign = sorted(set(counts) - wanted, key=str)
    if foreign:
        problems.append(f"{len(foreign)} {what} not expected, e.g. {foreign[:5]}")
    return problems


@dataclass
class Verification:
    submitted: int = 0
    receipts: int = 0
    files: int = 0
    receipt_emails: int = 0
    emails_expected: int = 0
    emails_delivered: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_call(
    *, call, company_ids: Iterable[int], document_size: int, mail_by_recipient: Mapping[str, int] | None = None
) -> Verification:
    """Read the call's applications after a run: one submitted application per company of ``company_ids``, each
    with one submission in its history and one file of ``document_size`` bytes, receipt numbers 1..n without a gap
    (and the call's counter at n), and, when ``mail_by_recipient`` (messages accepted by the mail server, by
    address) is given, one receipt email per company member and every email notification of the submissions
    delivered once."""
    from applications.models import Application, ApplicationFile, ApplicationStatusChange, ReceiptCounter
    from applications.workflow import ApplicationStatus
    from portal.notifications.enums import ChannelKind
    from portal.notifications.models import Notification

    companies = list(company_ids)
    result = Verification()
    applications = list(
        Application.objects.filter(call=call, company_id__in=companies).values_list(
            "pk", "company_id", "status", "receipt_number"
        )
    )
    result.problems += exactly_once(companies, [company for _pk, company, _s, _r in applications], what="companies")
    not_submitted = [pk for pk, _company, status, _r in applications if status != ApplicationStatus.SUBMITTED]
    if not_submitted:
        result.problems.append(f"{len(not_submitted)} applications not submitted, e.g. {not_submitted[:5]}")
    receipts = [receipt for _pk, _company, _status, receipt in applications if receipt]
    result.submitted = len(applications) - len(not_submitted)
    result.receipts = len(receipts)
    all_receipts = list(
        Application.objects.filter(call=call).exclude(receipt_number="").values_list("receipt_number", flat=True)
    )
    result.problems += receipt_gaps(all_receipts)
    counter = ReceiptCounter.objects.filter(call=call).values_list("last_number", flat=True).first() or 0
    if counter != len(all_receipts):
        result.problems.append(f"the call's receipt counter is at {counter} for {len(all_receipts)} receipts")
    ids = [pk for pk, *_rest in applications]
    submissions = ApplicationStatusChange.objects.filter(
        application_id__in=ids, to_status=ApplicationStatus.SUBMITTED
    ).values_list("application_id", flat=True)
    result.problems += exactly_once(ids, submissions, what="submissions in the history")
    files = list(ApplicationFile.objects.filter(application_id__in=ids).values_list("application_id", "size"))
    result.files = len(files)
    result.problems += exactly_once(ids, [pk for pk, _size in files], what="uploaded documents")
    wrong_size = [pk for pk, size in files if size != document_size]
    if wrong_size:
        result.problems.append(f"{len(wrong_size)} documents not of {document_size} bytes, e.g. {wrong_size[:5]}")
    if mail_by_recipient is not None:
        emails = Notification.objects.filter(
            event="application_submitted", channel=ChannelKind.EMAIL, application_id__in=ids
        )
        members = list(emails.filter(audience="company").values_list("recipient__email", flat=True))
        result.problems += exactly_once(
            ids,
            emails.filter(audience="company").values_list("application_id", flat=True),
            what="receipt email notifications",
        )
        received = [address for address in members for _n in range(mail_by_recipient.get(address, 0))]
        result.problems += exactly_once(members, received, what="receipt emails at the mail server")
        result.receipt_emails = len(received)
        expected = Counter(emails.values_list("recipient__email", flat=True))
        result.emails_expected = sum(expected.values())
        result.emails_delivered = sum(min(mail_by_recipient.get(address, 0), n) for address, n in expected.items())
        if result.emails_delivered != result.emails_expected:
            result.problems.append(f"{result.emails_delivered} of {result.emails_expected} emails delivered")
        over = sorted(address for address, count in mail_by_recipient.items() if count > expected.get(address, 0))
        if over:
            result.problems.append(f"{len(over)} recipients received more emails than were sent to them: {over[:5]}")
    return result
