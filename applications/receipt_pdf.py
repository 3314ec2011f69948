"""The receipt of a submitted application as a PDF, drawn with reportlab from the frozen snapshot.

Korean text is drawn in NanumGothic, a TrueType font of the Debian package ``fonts-nanum`` (installed by the
Dockerfile and ``.ci/run``), embedded (subset) in the PDF so that it reads the same on a machine without any Korean
font. Labels follow the active language.
"""

import io
from pathlib import Path

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .models import Application
from .workflow import applicant_label

FONT = "NanumGothic"
# Where Debian's fonts-nanum puts the font (the first is Debian's path; the second is fontconfig's older layout).
FONT_FILES = (
    Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    Path("/usr/share/fonts/nanum/NanumGothic.ttf"),
)


class KoreanFontMissing(ImproperlyConfigured):
    pass


def korean_font() -> str:
    """The name of the registered Korean font, registered from its file on first use."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return FONT
    path = next((path for path in FONT_FILES if path.is_file()), None)
    if path is None:
        looked = ", ".join(map(str, FONT_FILES))
        raise KoreanFontMissing(
            f"No Korean font for PDFs: install the Debian package fonts-nanum (looked for {looked})."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    return lines


def receipt_pdf(application: Application) -> bytes:
    snapshot = application.snapshot or {}
    english = (get_language() or "ko").startswith("en")
    call = snapshot.get("call", {})
    company = snapshot.get("company", {})
    content = snapshot.get("content", {})
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"{_('Receipt')} {application.receipt_number}")
    pdf.setAuthor("Yeongcheon SME support portal")
    font = korean_font()
    _width, height = A4
    y = height - 25 * mm

    def line(text: str, size: int = 11, gap: float = 7) -> None:
        nonlocal y
        for part in _wrap(text, 60 if size <= 11 else 40):
            if y < 20 * mm:
                pdf.showPage()
                y = height - 25 * mm
            pdf.setFont(font, size)
            pdf.drawString(20 * mm, y, part)
            y -= gap * mm

    line(_("Application receipt"), size=18, gap=11)
    line(f"{_('Receipt number')}: {application.receipt_number}", size=14, gap=9)
    submitted = timezone.localtime(application.submitted_at).strftime("%Y-%m-%d %H:%M")
    line(f"{_('Submitted')}: {submitted} (Asia/Seoul)")
    line(f"{_('Status')}: {applicant_label(application.status)}")
    line(f"{_('Call')}: {call.get('title_en' if english else 'title_ko') or call.get('title_ko', '')}")
    line(f"{_('Company')}: {company.get('name', '')} ({company.get('business_number', '')})")
    line(f"{_('Representative')}: {company.get('representative', '')}")
    line(f"{_('Project title')}: {content.get('project_title', '')}")
    y -= 3 * mm
    line(_("Support items and budget (KRW)"), size=13, gap=8)
    for item in content.get("items", []):
        name = item.get("name_en" if english else "name_ko") or item.get("name_ko", "")
        line(
            f"· {name}: {_('city support')} {intcomma(item['city_support_krw'])} / {_('company cash')} "
            f"{intcomma(item['company_cash_krw'])} / {_('company in-kind')} {intcomma(item['company_inkind_krw'])}"
        )
    y -= 3 * mm
    line(_("Attached documents"), size=13, gap=8)
    for attachment in content.get("attachments", []):
        line(f"· {attachment['title']} ({attachment['original_filename']})")
    for row in content.get("files", []):
        line(f"· {row['title']} ({row['original_filename']})")
    y -= 3 * mm
    line(_("Keep this receipt. Quote the receipt number in every enquiry about your application."), size=10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
