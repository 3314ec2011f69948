"""Fixed sets of the applications app (companies and their document vault)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    OWNER = "owner", pgettext_lazy("company member role", "Owner")
    MEMBER = "member", pgettext_lazy("company member role", "Member")


class KsicRevision(models.IntegerChoices):
    """Revision of the Korean Standard Industrial Classification a code was given under."""

    REV10 = 10, _("10th revision (until 2024-06-30)")
    REV11 = 11, _("11th revision (from 2024-07-01)")


class FileKind(models.TextChoices):
    """The file formats the vault accepts, as detected from a file's content."""

    PDF = "pdf", "PDF"
    HWP = "hwp", "HWP"
    HWPX = "hwpx", "HWPX"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    JPEG = "jpg", "JPEG"
    PNG = "png", "PNG"
