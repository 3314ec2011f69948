"""Control pages for ``make bench``, mounted only when ``BENCH_CONTROLS`` is on."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from portal.accounts.models import User

from .models import BenchUpload


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


def rows50(request: HttpRequest) -> HttpResponse:
    users = User.objects.order_by("pk").only("email", "full_name", "date_joined")[:50]
    return render(request, "bench/rows50.html", {"rows": users})


@csrf_exempt
def upload(request: HttpRequest) -> HttpResponse:
    """Store the posted ``file`` through the default storage and write one row: the floor of an upload."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return HttpResponseBadRequest("no file", content_type="text/plain")
    with transaction.atomic():
        row = BenchUpload.objects.create(file=uploaded, size=uploaded.size)
    return HttpResponse(f"stored {row.pk}", content_type="text/plain")


urlpatterns = [
    path("hello", hello, name="bench-hello"),
    path("rows50", rows50, name="bench-rows50"),
    path("upload", upload, name="bench-upload"),
]
