"""Vault documents of the demo companies: a small valid PDF, and the documents a call asks for, kept current."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from programs.enums import DocumentType

from ..models import Company, VaultDocument
from ..services.documents import vault_document_replace, vault_document_upload


def minimal_pdf(text: str = "Yeongcheon") -> bytes:
    """A small, valid one-page PDF (Helvetica, ASCII text) with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# (title, days valid); "{last_year}" in a title is the year before today.
EXTRA_DOCUMENTS = {
    DocumentType.FINANCIAL_STATEMENTS: ("재무제표 ({last_year})", 365 * 2),
    DocumentType.PARTICIPATION_PLEDGE: ("참여제한·중복지원 없음 확약서", 365),
    DocumentType.FACTORY_REGISTRATION: ("공장등록증명서", None),
    DocumentType.INSURANCE_REGISTER: ("4대사회보험 사업장가입자명부", 90),
    DocumentType.NATIONAL_TAX_CLEARANCE: ("국세 납세증명서", 30),
    DocumentType.LOCAL_TAX_CLEARANCE: ("지방세 납세증명서", 30),
    DocumentType.BUSINESS_REGISTRATION: ("사업자등록증", None),
    DocumentType.SME_CERTIFICATE: ("중소기업확인서", 365),
}


def ensure_documents(company: Company, owner, codes: list[str], *, today: date, log) -> None:
    """Upload a current, valid document of each type in ``codes`` that the vault lacks (or holds only expired)."""
    for code in codes:
        current = VaultDocument.objects.filter(company=company, doc_type=code, is_current=True).first()
        if current is not None and not current.is_expired(today):
            continue
        title, valid_days = EXTRA_DOCUMENTS.get(code, (str(DocumentType(code).label), None))
        title = title.format(last_year=today.year - 1)
        upload = SimpleUploadedFile(f"{code}.pdf", minimal_pdf(f"{company.business_number} {code}"), "application/pdf")
        issued = today - timedelta(days=3)
        expires = issued + timedelta(days=valid_days) if valid_days else None
        if current is not None:  # expired: a new version replaces it
            vault_document_replace(
                document=current, acting_user=owner, uploaded_file=upload, issued_on=issued, expires_on=expires
            )
        else:
            vault_document_upload(
                company=company,
                acting_user=owner,
                doc_type=code,
                title=title,
                uploaded_file=upload,
                issued_on=issued,
                expires_on=expires,
            )
        log(f"uploaded {code} for {company.name}")
