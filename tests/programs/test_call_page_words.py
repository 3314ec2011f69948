"""On an English call page the portal's own words are English: the operator as the contact when no person is named,
an R&D item's tag said once; a contact typed in Korean stays as typed, marked lang="ko"."""

from django.urls import reverse

from tests.programs.factories import CallFactory, SupportItemFactory


def test_english_call_page_names_the_operator_in_english_and_marks_korean_typed_text(client, db):
    call = CallFactory(contact_name="")
    SupportItemFactory(call=call, name_en="Scale-up R&D", name_ko="스케일업 R&D", is_rnd=True)
    html = client.get(reverse("programs:call", args=[call.code]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert call.program.operator_en in html
    assert call.program.operator_ko not in html
    assert "Scale-up R&amp;D R&amp;D" not in html and "Scale-up R&amp;D" in html

    call.contact_name = "김담당"
    call.save(update_fields=["contact_name"])
    html = client.get(reverse("programs:call", args=[call.code]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="mb-1" lang="ko">김담당</p>' in html
    korean = client.get(reverse("programs:call", args=[call.code]), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '<p class="mb-1">김담당</p>' in korean
