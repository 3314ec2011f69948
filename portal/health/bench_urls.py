"""Control pages for ``make bench``, mounted only when ``BENCH_CONTROLS`` is on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from portal.accounts.models import User


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


def rows50(request: HttpRequest) -> HttpResponse:
    users = User.objects.order_by("pk").only("email", "full_name", "date_joined")[:50]
    return render(request, "bench/rows50.html", {"rows": users})


urlpatterns = [
    path("hello", hello, name="bench-hello"),
    path("rows50", rows50, name="bench-rows50"),
]
