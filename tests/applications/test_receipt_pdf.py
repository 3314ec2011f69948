"""The receipt PDF embeds its Korean font: the company's name in Hangul comes back out of the PDF's text, and the
font file travels inside the PDF (no CID font that the reader must supply)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.receipt_pdf import FONT
from applications.services import application_submit

from .apply_setup import ready_application

pytestmark = pytest.mark.django_db


def embedded_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            descriptors += [child.get_object().get("/FontDescriptor") for child in font.get("/DescendantFonts", [])]
            for descriptor in descriptors:
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]))
    return names


def test_receipt_pdf_embeds_a_korean_font_and_its_text_has_the_company_name_in_hangul(client):
    application = ready_application()
    owner = application.company.members.get()
    submitted = application_submit(application=application, acting_user=owner.user)
    client.force_login(owner.user)
    response = client.get(reverse("applications:application_receipt_pdf", args=[application.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert submitted.company.name in text
    assert any("가" <= char <= "힣" for char in submitted.company.name)
    assert any(FONT in name for name in embedded_fonts(reader))
