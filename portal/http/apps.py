from django.apps import AppConfig
from django.urls import register_converter


class HttpConfig(AppConfig):
    """How the portal answers HTTP: error pages, the API's parser and errors, upload limits, URL converters."""

    name = "portal.http"
    label = "portal_http"

    def ready(self) -> None:
        from .converters import BoundedIntConverter

        # Before any URL module is imported (the apps' URL modules use <num:…>), whoever imports it first.
        register_converter(BoundedIntConverter, "num")
