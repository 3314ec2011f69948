"""What every page of the company module shares: the membership check and turning service errors into form
errors."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ..permissions import membership_of


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page) and member of a company (else to the page that creates one)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        membership = membership_of(request.user)
        if membership is None:
            return redirect("applications:company_create")
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapped
