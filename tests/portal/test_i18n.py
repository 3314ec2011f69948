"""Korean is the default; English is complete; the compiled catalogue matches its source."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

LOCALE_DIR = Path(settings.BASE_DIR) / "portal" / "locale"
PO_FILE = LOCALE_DIR / "ko" / "LC_MESSAGES" / "django.po"
MO_FILE = LOCALE_DIR / "ko" / "LC_MESSAGES" / "django.mo"


def test_settings_are_korean_first_in_seoul():
    assert settings.LANGUAGE_CODE == "ko"
    assert [code for code, _ in settings.LANGUAGES] == ["ko", "en"]
    assert settings.TIME_ZONE == "Asia/Seoul"


def test_every_korean_message_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_source():
    """The .mo file that ships is the .po file compiled: no stale translations."""
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.pofile(str(PO_FILE)).translated_entries()
    }
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for (context, msgid), msgstr in source.items():
        got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if msgstr and "%(" not in msgid:
            assert got == msgstr, msgid


@pytest.mark.django_db
def test_home_is_korean_by_default_and_english_after_the_switch(client):
    korean = client.get(reverse("home"))
    assert korean.status_code == 200
    assert '<html lang="ko">' in korean.text
    assert "본문 바로가기" in korean.text

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    english = client.get(reverse("home"))
    assert '<html lang="en">' in english.text
    assert "Skip to main content" in english.text


@pytest.mark.django_db
def test_accept_language_english_is_honoured(client):
    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in response.text


@pytest.mark.django_db
def test_the_empty_choice_of_a_select_is_korean_on_the_company_form(client):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("applications:company_create")).text
    assert "- Select an option -" not in page
    assert "- 선택하십시오 -" in page


def test_no_korean_message_leaves_the_particle_of_an_inserted_name_to_the_reader():
    """ "중분류 29은(는)": where a name or number is inserted, the sentence is built so that its particle follows a
    fixed word (신청(접수번호 …)이, 기업과) instead of offering both forms."""
    import re

    particles = r"(은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\))"
    both_forms = re.compile(r"%\(\w+\)[sd][”\")]?\s?" + particles)
    catalogue = polib.pofile(str(PO_FILE))
    offending = [entry.msgstr for entry in catalogue if both_forms.search(entry.msgstr)]
    assert offending == []
