"""The authorization matrix: for every URL name of the portal, who may open it and with which objects.

``test_matrix.py`` walks ``django.urls.get_resolver()``; a pattern that has no entry here fails, naming it, so a new
page cannot skip the matrix. Each entry says which rule guards the page (the ``access`` functions below, one per rule
of the permission modules and docs) and how to build its URL from the world of ``world.py``, whose objects all
belong to company A, expert A's assignment or call A.

The rules (``docs/accounts.md``, ``docs/review.md``, ``docs/evaluation.md``, the ``permissions`` modules):

- public pages answer everyone;
- company pages (``member_required``): signed in (else the login page), a member of a company (else the page that
  registers one); another company's object is a 404, never a page;
- staff pages (``staff_gate``): signed in (else the login page), staff, manager or administrator (else 404: staff
  pages do not reveal themselves), and a session verified with a second factor (else the two-factor page). The
  notification staff pages and the Django admin follow the same gate (issue #15, items 2 and 3);
- the officials' results pages: the staff gate, opened to city officials too;
- expert pages: an outside expert (else 404), and only their own assignment (another expert's is a 404);
- the two-factor pages: the people who sign in with a second factor (staff, officials, administrators);
- the Django admin: the same second factor as staff pages; a person who is not Django staff is sent to a login
  page; what a verified staff member may do there is Django's model permissions; secrets (TOTP keys) are never shown.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# What a role gets. A status, or a redirect whose target says why.
OK = "200"
LOGIN = "login"  # 302 to the login page
OTP = "two-factor"  # 302 to the two-factor page
NF = "404"
FORBIDDEN = "403"
NOT_ALLOWED = "405"
BAD = "400"
UNSUPPORTED = "415"
TO_COMPANY = "register-company"  # 302 to the page that registers a company
AWAY = "redirect"  # 302 elsewhere (a signed-in person on the login page, a POST-only action opened with GET)
ANSWERED = "answered"  # a POST an allowed role may make: any answer below 500 that is not a refusal
ADMIN_REFUSED = "admin-refused"  # the admin's refusal of an unverified session: a login page or the two-factor page

REFUSALS = {LOGIN, OTP, NF, FORBIDDEN, TO_COMPANY, ADMIN_REFUSED}

# Who the matrix plays: (key of the user in the world, session verified with a second factor).
ROLES: dict[str, tuple[str | None, bool]] = {
    "anonymous": (None, False),
    "company_a": ("company_a", False),
    "company_b": ("company_b", False),
    "staff_password_only": ("staff", False),
    "staff": ("staff", True),
    "manager": ("manager", True),
    "expert_a": ("expert_a", False),
    "expert_b": ("expert_b", False),
    "city_password_only": ("city", False),
    "city": ("city", True),
    "admin_password_only": ("admin", False),
    "admin": ("admin", True),
}
COMPANY_ROLES = {"company_a", "company_b"}
STAFF_ROLES = {"staff", "manager", "admin"}
STAFF_UNVERIFIED = {"staff_password_only", "admin_password_only"}
EXPERT_ROLES = {"expert_a", "expert_b"}
CITY_ROLES = {"city", "city_password_only"}


# --- the rules, one function per rule: role -> expected answer to GET --------------------------------------------


def public(role: str) -> str:
    return OK


def signed_in(role: str) -> str:
    return LOGIN if role == "anonymous" else OK


def anonymous_only(role: str) -> str:
    """allauth's sign-in and sign-up pages: a signed-in person is sent on."""
    return OK if role == "anonymous" else AWAY


def member(role: str) -> str:
    """A company page of the member's own company (no object in the URL)."""
    if role == "anonymous":
        return LOGIN
    return OK if role in COMPANY_ROLES else TO_COMPANY


def member_of_a(role: str) -> str:
    """A company page of company A's object: company B gets a 404."""
    outcome = member(role)
    return NF if role == "company_b" else outcome


def staff(role: str) -> str:
    if role == "anonymous":
        return LOGIN
    if role in STAFF_UNVERIFIED:
        return OTP
    return OK if role in STAFF_ROLES else NF


def administrator(role: str) -> str:
    """Administrators' pages (the audit log): the staff gate with the administrator's role."""
    if role == "anonymous":
        return LOGIN
    if role == "admin_password_only":
        return OTP
    return OK if role == "admin" else NF


def official(role: str) -> str:
    if role == "anonymous":
        return LOGIN
    if role in STAFF_UNVERIFIED or role == "city_password_only":
        return OTP
    return OK if role in STAFF_ROLES or role == "city" else NF


def expert(role: str) -> str:
    if role == "anonymous":
        return LOGIN
    return OK if role in EXPERT_ROLES else NF


def expert_a(role: str) -> str:
    """Expert A's assignment: expert B (and everyone else) gets a 404."""
    outcome = expert(role)
    return NF if role == "expert_b" else outcome


def two_factor_person(role: str) -> str:
    """The two-factor pages: people who sign in with a second factor (staff, officials, administrators)."""
    if role == "anonymous":
        return LOGIN
    if role in COMPANY_ROLES or role in EXPERT_ROLES:
        return NF
    return OK


def recipient_only(owner: str) -> Callable[[str], str]:
    """An object only one signed-in person may see (their notification, an invitation sent to them)."""

    def rule(role: str) -> str:
        if role == "anonymous":
            return LOGIN
        return OK if role == owner else NF

    return rule


def nobody_signed_in(role: str) -> str:
    """A page that answers 404 to every signed-in person in the world (its object is not theirs, or not there)."""
    return LOGIN if role == "anonymous" else NF


def only(outcome: str, *, anonymous: str = LOGIN) -> Callable[[str], str]:
    def rule(role: str) -> str:
        return anonymous if role == "anonymous" else outcome

    return rule


def when_allowed(rule: Callable[[str], str], outcome: str) -> Callable[[str], str]:
    """The same refusals as ``rule``; ``outcome`` where ``rule`` lets the role in."""

    def adjusted(role: str) -> str:
        expected = rule(role)
        return outcome if expected in (OK, ANSWERED) else expected

    return adjusted


def override(rule: Callable[[str], str], **outcomes: str) -> Callable[[str], str]:
    def adjusted(role: str) -> str:
        return outcomes.get(role, rule(role))

    return adjusted


@dataclass(frozen=True)
class Entry:
    """``get``: the rule of the page (role -> answer to GET). ``post``: the answer to a POST with an empty body; by
    default the same refusals, and ``ANSWERED`` where the rule lets the role in. ``kwargs``: the URL's arguments,
    built from the world. ``pending``: the item of issue #15 another branch fixes (the entry fails until it lands)."""

    get: Callable[[str], str]
    kwargs: Callable = field(default=lambda w: {})
    post: Callable[[str], str] | None = None
    pending: str = ""

    def expected(self, role: str, method: str) -> str:
        if method == "GET":
            return self.get(role)
        if self.post is not None:
            return self.post(role)
        return when_allowed(self.get, ANSWERED)(role)


def get_only(rule):
    """A page that answers GET and HEAD only (``require_safe``, a ``TemplateView``): POST is 405 for whoever may
    see it."""
    return Entry(get=rule, post=when_allowed(rule, NOT_ALLOWED))


def post_only(rule, kwargs=lambda w: {}, **extra):
    """An action that takes POST only: GET is 405 for whoever may make it; for the others GET is refused, by the
    gate or by the method check (which one comes first is the view's choice: both change nothing)."""

    def get(role: str):
        expected = rule(role)
        return NOT_ALLOWED if expected in (OK, ANSWERED) else (expected, NOT_ALLOWED)

    return Entry(get=get, post=when_allowed(rule, ANSWERED), kwargs=kwargs, **extra)


def action(rule, kwargs=lambda w: {}, **extra):
    """A company action that sends a GET back to its page (a redirect) and takes a POST."""
    return Entry(get=when_allowed(rule, AWAY), post=when_allowed(rule, ANSWERED), kwargs=kwargs, **extra)


def actions(rule, kwargs=lambda w: {}, **extra):
    """A page whose POST names an action (``action=…``): an empty POST names none, and the view answers 404."""
    return Entry(get=rule, post=when_allowed(rule, NF), kwargs=kwargs, **extra)


def pk(name: str):
    return lambda w: {"pk": w[name].pk}


def app(name: str, **more):
    """``pk`` of an application and more arguments (callables of the world)."""
    return lambda w: {"pk": w[name].pk, **{key: value(w) for key, value in more.items()}}


call_code = lambda w: {"call_code": w["call_code"]}  # noqa: E731

TABLE: dict[str, Entry] = {
    # --- public ---
    "home": get_only(public),
    "set_language": Entry(get=only(AWAY, anonymous=AWAY), post=only(AWAY, anonymous=AWAY)),
    "healthz": Entry(get=public),
    "readyz": Entry(get=public),
    "programs:catalogue": get_only(public),
    "programs:call": Entry(
        get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED), kwargs=lambda w: {"code": w["call_code"]}
    ),
    # The self-check posts (the business number stays out of URLs and access logs) and answers from the POST.
    "programs:eligibility": Entry(get=public, post=public),
    "api-schema": Entry(get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api-docs": Entry(get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api-programs": Entry(get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api-calls": Entry(get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    # a JSON API: a form-encoded body is 415
    "api-eligibility-check": Entry(
        get=only(NOT_ALLOWED, anonymous=NOT_ALLOWED), post=only(UNSUPPORTED, anonymous=UNSUPPORTED)
    ),
    "api-results": Entry(get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    "api-results-year": Entry(
        get=public, post=only(NOT_ALLOWED, anonymous=NOT_ALLOWED), kwargs=lambda w: {"year": w["results_year"]}
    ),
    "opendata:page": Entry(get=public),
    "opendata:series-csv": Entry(get=public),
    "opendata:series-json": Entry(get=public),
    "opendata:series-360giving": Entry(get=public),
    "opendata:year-csv": Entry(get=public, kwargs=lambda w: {"year": w["results_year"]}),
    "opendata:year-json": Entry(get=public, kwargs=lambda w: {"year": w["results_year"]}),
    "opendata:year-360giving": Entry(get=public, kwargs=lambda w: {"year": w["results_year"]}),
    "reports:series": Entry(get=public),
    "reports:year": Entry(get=public, kwargs=lambda w: {"year": w["results_year"]}),
    "reports:companies": Entry(get=public, kwargs=lambda w: {"year": w["results_year"]}),
    "meetings:latest": Entry(get=only(AWAY, anonymous=AWAY)),  # to the latest meeting's page
    "meetings:public": Entry(get=public, kwargs=lambda w: {"year": w["meeting_year"]}),
    # --- accounts (ours and allauth's) ---
    "accounts:language_set": Entry(get=only(NOT_ALLOWED, anonymous=NOT_ALLOWED), post=only(AWAY, anonymous=AWAY)),
    "accounts:profile": Entry(get=signed_in),
    "accounts:consent_change": post_only(signed_in, kwargs=lambda w: {"kind": "notice_emails"}),
    "accounts:delete": Entry(get=signed_in),
    "account_login": Entry(get=anonymous_only),
    "account_signup": Entry(get=anonymous_only),
    "account_logout": Entry(get=only(OK, anonymous=AWAY), post=only(AWAY, anonymous=AWAY)),
    "account_inactive": Entry(get=public),
    "account_reauthenticate": Entry(get=signed_in),
    "account_request_reauthentication_code": Entry(get=signed_in),
    # sign-in and reauthentication by emailed code are off (ACCOUNT_LOGIN_BY_CODE_ENABLED): allauth sends you on
    "account_confirm_reauthentication_code": Entry(get=when_allowed(signed_in, AWAY)),
    "account_email": Entry(get=signed_in),
    "account_email_verification_sent": Entry(get=public),
    "account_change_password": Entry(get=signed_in),
    "account_set_password": Entry(get=only(AWAY)),
    "account_reset_password": Entry(get=public),
    "account_confirm_login_code": Entry(get=only(AWAY, anonymous=LOGIN)),
    "account_confirm_email": Entry(get=public, post=only(NF, anonymous=NF), kwargs=lambda w: {"key": "not-a-key"}),
    "account_reset_password_from_key_done": Entry(get=public),
    "account_reset_password_from_key": Entry(get=public, kwargs=lambda w: {"uidb36": "zz", "key": "not-a-key"}),
    "account_reset_password_done": Entry(get=public),
    # --- the company's pages ---
    "applications:company": Entry(get=when_allowed(member, AWAY)),
    # a member already belongs to a company: sent to its profile
    "applications:company_create": Entry(get=override(signed_in, company_a=AWAY, company_b=AWAY)),
    "applications:company_profile": Entry(get=member),
    "applications:company_edit": Entry(get=member),
    "applications:members": Entry(get=member),
    "applications:member_invite": action(member),
    "applications:member_remove": post_only(member_of_a, pk("member")),
    "applications:member_role": post_only(member_of_a, pk("member")),
    "applications:invitation_cancel": post_only(member_of_a, pk("invitation")),
    "applications:invitation_accept": Entry(
        get=recipient_only("expert_b"), kwargs=lambda w: {"token": w["invitation"].token}
    ),
    "applications:vault": Entry(get=member),
    "applications:vault_upload": Entry(get=member),
    "applications:vault_replace": Entry(get=member_of_a, kwargs=pk("vault_document")),
    "applications:vault_download": Entry(get=member_of_a, kwargs=pk("vault_document")),
    "applications:dashboard": Entry(get=member),
    "applications:call_reminder": post_only(signed_in, kwargs=lambda w: {"code": w["open_call_code"]}),
    "applications:apply": Entry(
        get=override(member, company_a=AWAY),
        post=override(when_allowed(member, ANSWERED), company_a=AWAY),
        kwargs=lambda w: {"call_code": w["open_call_code"]},
    ),
    "applications:application_detail": Entry(get=member_of_a, kwargs=pk("app_evaluated")),
    "applications:application_edit": Entry(get=member_of_a, kwargs=pk("app_draft")),
    "applications:application_autosave": post_only(member_of_a, pk("app_draft")),
    "applications:application_review": Entry(get=member_of_a, kwargs=pk("app_draft")),
    "applications:application_submit": post_only(member_of_a, pk("app_draft")),
    "applications:application_receipt": Entry(get=member_of_a, kwargs=pk("app_evaluated")),
    "applications:application_receipt_pdf": Entry(get=member_of_a, kwargs=pk("app_evaluated")),
    "applications:application_discard": Entry(get=member_of_a, kwargs=pk("app_draft")),
    # an application in evaluation can no longer be withdrawn: back to its page
    "applications:application_withdraw": Entry(get=override(member_of_a, company_a=AWAY), kwargs=pk("app_evaluated")),
    "applications:application_file_upload": action(member_of_a, pk("app_draft")),
    "applications:application_file_download": Entry(
        get=member_of_a, kwargs=app("app_draft", file_pk=lambda w: w["app_draft_file"].pk)
    ),
    "applications:application_file_remove": post_only(
        member_of_a, app("app_draft", file_pk=lambda w: w["app_draft_file"].pk)
    ),
    "applications:agreement": actions(member_of_a, pk("app_running")),
    "applications:agreement_signed_pdf": Entry(
        get=member_of_a,
        kwargs=lambda w: {"pk": w["signed_version"].agreement.application_id, "version_pk": w["signed_version"].pk},
    ),
    "applications:progress": Entry(get=member_of_a, kwargs=pk("app_running")),
    "applications:progress_file": Entry(
        get=member_of_a,
        kwargs=lambda w: {"pk": w["report_file"].report.application_id, "file_pk": w["report_file"].pk},
    ),
    "applications:progress_report": actions(member_of_a, app("app_running", kind=lambda w: "interim")),
    "outcomes:list": Entry(get=member),
    "outcomes:report": actions(
        member_of_a,
        kwargs=lambda w: {"pk": w["outcome_report"].application_id, "year": w["outcome_report"].year},
    ),
    "outcomes:evidence": Entry(
        get=member_of_a,
        kwargs=lambda w: {
            "pk": w["outcome_evidence"].report.application_id,
            "year": w["outcome_evidence"].report.year,
            "evidence_pk": w["outcome_evidence"].pk,
        },
    ),
    "funding:company": actions(member_of_a, pk("app_running")),
    "funding:company_receipt": Entry(
        get=member_of_a,
        kwargs=lambda w: {
            "pk": w["receipt"].line.settlement.agreement.application_id,
            "receipt_pk": w["receipt"].pk,
        },
    ),
    "meetings:company": actions(member, lambda w: {"year": w["meeting_year"]}),
    "reports:consent": Entry(get=member),
    # --- notifications ---
    "notifications:inbox": Entry(get=signed_in),
    "notifications:mark_read": post_only(recipient_only("company_a"), kwargs=pk("notification")),
    "notifications:mark_all_read": post_only(signed_in),
    "notifications:preferences": Entry(get=signed_in),
    "notifications:deliveries": Entry(get=staff),
    "notifications:application_deliveries": Entry(
        get=staff, kwargs=lambda w: {"application_id": w["app_evaluated"].pk}
    ),
    "notifications:resend": post_only(staff, kwargs=pk("notification")),
    "notifications:schedule": Entry(get=staff),
    # --- the two-factor pages ---
    "review:otp_verify": Entry(get=override(two_factor_person, staff=AWAY, manager=AWAY, admin=AWAY, city=AWAY)),
    "review:otp_setup": Entry(
        get=override(two_factor_person, staff_password_only=OTP, admin_password_only=OTP, city_password_only=OTP)
    ),
    "review:otp_setup_qr": Entry(
        get=override(two_factor_person, staff_password_only=NF, admin_password_only=NF, city_password_only=NF)
    ),
    "review:otp_backup_codes": Entry(get=staff),
    # --- staff ---
    "review:dashboard": Entry(get=staff),
    "review:queue": Entry(get=staff, kwargs=call_code),
    "audit:log": get_only(administrator),
    "review:queue_xlsx": Entry(get=staff, kwargs=call_code),
    "review:queue_csv": Entry(get=staff, kwargs=call_code),
    "review:application": Entry(get=staff, kwargs=pk("app_evaluated")),
    "review:document": Entry(get=staff, kwargs=app("app_evaluated", document_id=lambda w: w["app_evaluated_document"])),
    "review:file": Entry(get=staff, kwargs=app("app_evaluated", file_id=lambda w: w["app_evaluated_file"].pk)),
    "review:agreement": actions(staff, pk("app_running")),
    "review:agreement_signed_pdf": Entry(
        get=staff,
        kwargs=lambda w: {"pk": w["signed_version"].agreement.application_id, "version_pk": w["signed_version"].pk},
    ),
    "review:progress": Entry(get=staff, kwargs=pk("app_running")),
    "review:progress_file": Entry(
        get=staff, kwargs=lambda w: {"pk": w["report_file"].report.application_id, "file_pk": w["report_file"].pk}
    ),
    "review:progress_queue": Entry(get=staff, kwargs=call_code),
    "review:comment_add": post_only(staff, pk("app_evaluated")),
    "review:message_send": post_only(staff, pk("app_evaluated")),
    "review:screening_start": post_only(staff, pk("app_evaluated")),
    "review:checklist": post_only(staff, pk("app_evaluated")),
    "review:request_revision": post_only(staff, pk("app_evaluated")),
    "review:pass": post_only(staff, pk("app_evaluated")),
    "review:reject": post_only(staff, pk("app_evaluated")),
    "funding:summary": Entry(get=staff),
    "funding:staff_application": actions(staff, pk("app_running")),
    "funding:staff_file": Entry(
        get=staff,
        kwargs=lambda w: {"pk": w["payment"].agreement.application_id, "kind": "payment", "file_pk": w["payment"].pk},
    ),
    "outcomes_staff:summary": Entry(get=staff),
    "outcomes_staff:queue": Entry(get=staff, kwargs=call_code),
    "outcomes_staff:report": actions(staff, pk("outcome_report")),
    "outcomes_staff:evidence": Entry(
        get=staff,
        kwargs=lambda w: {"pk": w["outcome_evidence"].report_id, "evidence_pk": w["outcome_evidence"].pk},
    ),
    "meetings_staff:list": Entry(get=staff),
    "meetings_staff:meeting": actions(staff, lambda w: {"year": w["meeting_year"]}),
    "meetings_staff:registrations": actions(staff, lambda w: {"year": w["meeting_year"]}),
    "meetings_staff:results": Entry(get=staff, kwargs=lambda w: {"year": w["meeting_year"]}),
    "meetings_staff:export": Entry(get=staff, kwargs=lambda w: {"year": w["meeting_year"], "fmt": "csv"}),
    "evaluation_staff:overview": Entry(get=staff, kwargs=call_code),
    "evaluation_staff:assignments": Entry(get=staff, kwargs=call_code),
    "evaluation_staff:conflicts": Entry(get=staff, kwargs=call_code),
    "evaluation_staff:bonus": Entry(get=staff, kwargs=call_code),
    "evaluation_staff:ranking": Entry(get=staff, kwargs=call_code),
    "evaluation_staff:export": Entry(get=staff, kwargs=lambda w: {**call_code(w), "kind": "scores", "fmt": "csv"}),
    "yearend:index": Entry(get=staff),
    "yearend:progress_page": Entry(get=staff, kwargs=pk("yearend")),
    "yearend:progress": Entry(get=staff, kwargs=pk("yearend")),
    "yearend:download": Entry(get=staff, kwargs=lambda w: {"pk": w["yearend"].pk, "kind": "xlsx"}),
    "reports:staff_case_studies": Entry(get=staff),
    "reports:staff_case_study_new": Entry(get=staff),
    "reports:staff_case_study": Entry(get=staff, kwargs=pk("case_study")),
    # --- the officials' results pages ---
    "reports:official_series": Entry(get=official),
    "reports:official_year": Entry(get=official, kwargs=lambda w: {"year": w["results_year"]}),
    "reports:official_reports": Entry(get=official, kwargs=lambda w: {"year": w["results_year"], "figure": "projects"}),
    # --- outside experts ---
    "evaluation_expert:home": Entry(get=expert),
    # expert A has submitted the score sheet: changing it is refused (403)
    "evaluation_expert:assignment": Entry(
        get=expert_a, post=when_allowed(expert_a, FORBIDDEN), kwargs=pk("assignment")
    ),
    # declared already: back to the assignment
    "evaluation_expert:declare": Entry(get=when_allowed(expert_a, AWAY), kwargs=pk("assignment")),
    # the committee's results open to its experts once the evaluation closes; call A's is open: 404 to everyone
    "evaluation_expert:results": Entry(get=only(NF), kwargs=pk("assignment")),
    "evaluation_expert:document": Entry(
        get=expert_a, kwargs=app("assignment", document_id=lambda w: w["expert_document"])
    ),
    "evaluation_expert:file": Entry(get=expert_a, kwargs=app("assignment", file_id=lambda w: w["expert_file"])),
}


# --- the Django admin, one rule for all its pages (issue #15, item 2) ------------------------------------------------

# The admin is for administrators alone (docs/accounts.md): verified staff and managers are refused like the rest.
NOT_ADMINISTRATORS = {"staff", "manager"}
NOT_DJANGO_STAFF = {"company_a", "company_b", "expert_a", "expert_b", "city_password_only", "city"}
SECRET_PAGES = {"admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"}


def admin_rule(allowed: Callable[[str], object]) -> Callable[[str], object]:
    """``allowed(role)``: the answer to a verified person who is Django staff (their model permissions decide)."""

    def rule(role: str):
        if role == "anonymous" or role in NOT_DJANGO_STAFF:
            return LOGIN
        if role in STAFF_UNVERIFIED:
            return ADMIN_REFUSED
        if role in NOT_ADMINISTRATORS:  # sent to the admin's login, which does not reveal itself to them
            return (LOGIN, ADMIN_REFUSED, NF)
        return allowed(role)

    return rule


def admin_entry(name: str, route: str, permitted: Callable[[str, str], bool], *, exists: bool = True) -> Entry:
    """The entry of an admin URL. ``permitted(role, action)``: Django's model permission of the role's user for the
    page's model (view, add, change, delete). ``exists``: the URL names an object that is there."""
    suffix = name.rsplit("_", 1)[-1] if "_" in name else ""
    if name == "admin:login":

        def login_page(role: str):
            if role == "anonymous":
                return LOGIN  # to the portal's sign-in (the admin has no password form of its own)
            if role in NOT_DJANGO_STAFF:
                return NF  # the admin does not reveal itself to them
            return (OK, AWAY, ADMIN_REFUSED, NF)

        return Entry(get=login_page, post=login_page)
    if name == "admin:logout":  # signing out is harmless to anyone: Django's admin sends the others on
        refused = (LOGIN, AWAY, NOT_ALLOWED)

        def logout(method_answer):
            return lambda role: refused if role == "anonymous" or role in NOT_DJANGO_STAFF else (method_answer, AWAY)

        return Entry(get=logout(NOT_ALLOWED), post=logout(OK))
    if name in SECRET_PAGES:
        return Entry(get=admin_rule(lambda role: (NF, FORBIDDEN)))
    if name == "admin:autocomplete":  # no field named: Django refuses the query; GET only
        return Entry(get=admin_rule(lambda role: FORBIDDEN), post=admin_rule(lambda role: NOT_ALLOWED))
    if name == "admin:view_on_site":  # the object (a user) has no page of its own
        return Entry(get=admin_rule(lambda role: NF))
    if name in ("admin:index", "admin:password_change", "admin:password_change_done", "admin:jsi18n"):
        return Entry(get=admin_rule(lambda role: OK))
    if name == "admin:app_list":
        return Entry(get=admin_rule(lambda role: OK if permitted(role, "view") else NF))
    if name == "admin:":  # the catch-all and the object's bare URL, which redirects to its change page
        if route.endswith(".*)$"):
            return Entry(get=admin_rule(lambda role: NF))
        return Entry(get=admin_rule(lambda role: AWAY))
    needed = {
        "changelist": "view",
        "add": "add",
        "history": "view",
        "delete": "delete",
        "change": "view",
    }.get(suffix, "change")
    posting = "change" if suffix == "change" else needed  # a read-only page takes no POST
    if not exists:  # Django's admin sends you to its index when the object is not there (some pages check the
        # permission first): either way nothing is shown
        missing = admin_rule(lambda role: AWAY if permitted(role, needed) else (AWAY, FORBIDDEN))
        return Entry(get=missing, post=missing)
    return Entry(
        get=admin_rule(lambda role: OK if permitted(role, needed) else FORBIDDEN),
        post=admin_rule(lambda role: ANSWERED if permitted(role, posting) else FORBIDDEN),
    )
