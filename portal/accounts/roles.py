"""The portal's roles. Each is a Django group; a user may hold several."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMPANY_MEMBER = "company_member", _("Company member")
    TECHNOPARK_STAFF = "technopark_staff", _("Technopark staff")
    STAFF_MANAGER = "staff_manager", _("Staff manager")
    OUTSIDE_EXPERT = "outside_expert", _("Outside expert")
    CITY_OFFICIAL = "city_official", _("City official")
    ADMINISTRATOR = "administrator", _("Administrator")
