"""The deliveries page names each row's event and audience by their labels, not by their keys."""

from django.utils import translation

from portal.accounts.roles import Role
from portal.notifications.enums import ChannelKind
from portal.notifications.events import event_get
from portal.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.accounts.two_factor import login_verified

from .conftest import user_with_role


def test_deliveries_show_the_event_and_audience_labels(client, db):
    staff = user_with_role(Role.TECHNOPARK_STAFF)
    Notification.objects.create(
        recipient=UserFactory(), event="expert_assigned", audience="expert", channel=ChannelKind.EMAIL
    )
    login_verified(client, staff)
    page = client.get("/notifications/staff/deliveries/").content.decode()
    with translation.override("ko"):
        label = str(event_get("expert_assigned").label)
    assert f"{label} (외부전문가)" in page
    assert "expert_assigned" not in page.split("<tbody>", 1)[1]
