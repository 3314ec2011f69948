"""An in-app notification is a short message with a link (the inbox's Open button), not the email: no greeting,
no full address, no signature. The email of the same event keeps them."""

from django.urls import reverse

from portal.notifications.delivery import deliver_batch
from portal.notifications.enums import ChannelKind
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.accounts.factories import UserFactory
from tests.programs.factories import CallFactory


def test_in_app_message_is_the_short_content_and_the_email_keeps_greeting_link_and_signature(db, client):
    user = UserFactory(language="en", full_name="Choi Yujin")
    call = CallFactory()
    link = f"/programs/calls/{call.code}/"
    rows = notify(
        event="call_closing",
        context_ids={"call": call.pk},
        recipients=[user],
        link=link,
        channels=[ChannelKind.IN_APP, ChannelKind.EMAIL],
    )
    deliver_batch([row.pk for row in rows])
    in_app = Notification.objects.get(recipient=user, channel=ChannelKind.IN_APP)
    email = Notification.objects.get(recipient=user, channel=ChannelKind.EMAIL)

    assert "closes for applications" in in_app.body
    for email_only in ("Dear", "http://", "https://", "--", "notification settings"):
        assert email_only not in in_app.body
    assert in_app.body.strip() == in_app.body.strip().split("\n\n--")[0]
    assert "Dear Choi Yujin" in email.body and "notification settings" in email.body
    assert "http" in email.body

    client.force_login(user)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "closes for applications" in page
    assert f'name="next" value="{link}"' in page
    assert "Dear" not in page
