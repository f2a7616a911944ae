"""The demo loader: what `make run` puts on a fresh site, and that loading again keeps editors' work."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from demo.content import FIFTH_MEETING_AGENDA
from demo.loader import load_home_page, load_partners, load_work_packages
from events.models import EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from publications.models import PublicationPage
from tests.inducult.factories import StandardPageFactory
from translations.roles import translator_languages
from translations.states import translation_states
from workpackages.models import WorkPackagePage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_content_builds_the_overview_and_four_work_packages(client):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    home = HomePage.objects.get()
    assert home.start_date.isoformat() == "2016-06-01"
    assert home.end_date.isoformat() == "2019-05-31"
    assert sorted(WorkPackagePage.objects.values_list("code", flat=True)) == ["T1", "T2", "T3", "T4"]
    english = client.get("/en/").content.decode()
    assert "Living Industrial Culture" in english
    assert "Establishing and promoting the concept of Industrial Culture" in english
    german = client.get("/de/").content.decode()
    assert "lebendigen Industriekultur" in german
    czech = client.get("/cs/pracovni-balicky/").content.decode()
    assert "Zavedení a propagace konceptu průmyslové kultury" in czech
    # Polish has no demo translation: it falls back to English.
    assert "Living Industrial Culture" in client.get("/pl/").content.decode()
    for path in ("/en/imprint/", "/de/impressum/", "/en/privacy/"):
        assert "Example" in client.get(path).content.decode()


def test_loading_again_adds_nothing_and_keeps_edits(capsys):
    call_command("load_demo_content")
    home = HomePage.objects.get()
    home.subtitle_en = "Edited by an editor"
    home.save_revision().publish()
    pages_before = StandardPage.objects.count() + WorkPackagePage.objects.count()

    call_command("load_demo_content")

    assert "nothing changed" in capsys.readouterr().out
    home.refresh_from_db()
    assert home.subtitle_en == "Edited by an editor"
    assert StandardPage.objects.count() + WorkPackagePage.objects.count() == pages_before


def test_a_deleted_work_package_is_restored_without_duplicating_the_others():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    WorkPackagePage.objects.get(code="T3").delete()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(WorkPackagePage.objects.values_list("code", flat=True)) == ["T1", "T2", "T3", "T4"]


@override_settings(DEMO_CONTENT_ALLOWED=False)
def test_refuses_to_run_where_demo_content_is_not_allowed():
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo_content")
    assert not HomePage.objects.exists()


def test_demo_partners_figures_and_accounts(client):
    import re

    from django.contrib.auth import get_user_model

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PartnerPage.objects.live().count() == 10
    assert PartnerPage.objects.get(role="lead").title_en == "District of Zwickau"
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", client.get("/en/").content.decode()))
    assert figures == {"Partners": "10", "Countries": "8", "Industrial regions": "8", "Academic institutions": "2"}
    ksmas = client.get("/cs/partneri/ksmas-kk/").content.decode()
    assert "Karlovarský kraj" in ksmas and "Mobilní expozice regionální výroby" in ksmas

    User = get_user_model()
    for partner in PartnerPage.objects.all():
        coordinator = User.objects.get(username=f"coordinator-{partner.slug_en}")
        assert partner.permissions_for_user(coordinator).can_edit()
        assert not partner.permissions_for_user(coordinator).can_publish()
    manager = User.objects.get(username="communication-manager")
    assert all(partner.permissions_for_user(manager).can_publish() for partner in PartnerPage.objects.all())
    assert client.login(username="coordinator-ksmas-kk", password="inducult-demo")

    # Translators: one demo account each for German and Czech, and something for them to do.

    for username, language in (("translator-de", "de"), ("translator-cs", "cs")):
        assert translator_languages(User.objects.get(username=username)) == {language}
        assert client.login(username=username, password="inducult-demo")
    states = {state.page.specific.code: state.languages for state in translation_states(WorkPackagePage.objects.all())}
    assert [unit.key for unit in states["T2"]["de"].outdated] == ["summary"]
    assert states["T4"]["de"].state == "partial" and states["T4"]["cs"].state == "complete"


def test_partner_index_replaces_an_earlier_placeholder_in_the_menu():

    home, _created = load_home_page()
    load_work_packages(home)
    StandardPageFactory(parent=home, title="Partners", slug="partners", show_in_menus=True)
    StandardPageFactory(parent=home, title="Events", slug="events", show_in_menus=True)

    load_partners(home)

    menu = [page.slug_en for page in home.get_children().in_menu()]
    assert menu == ["work-packages", "partners", "events"]
    assert PartnerIndexPage.objects.get().slug_en == "partners"


def test_demo_fifth_meeting_shows_every_agenda_slot_of_the_original_site(client):

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.utils import translation

    meeting = EventPage.objects.get(slug_en="5th-partnership-meeting-sisak-kranj")
    for language in ("en", "de", "hr"):
        with translation.override(language):
            url = meeting.url
        response = client.get(url)
        assert response.status_code == 200, language
        content = response.content.decode()
        for day in FIFTH_MEETING_AGENDA:
            assert f'<time datetime="{day["date"]}">' in content
            for slot in day["slots"]:
                time = f'<time datetime="{day["date"]}T{slot["start"]}">{slot["start"]}</time>'
                assert time in content, (language, slot["title"])
                assert slot["title"] in content, (language, slot["title"])
                for item in slot["sub_items"]:
                    assert item in content, item
    assert content.count("agenda-group--parallel") == 1
    assert "Partner coordinators" in content and "Other participants" in content


def test_demo_events_list_with_their_documented_dates(client):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    content = client.get("/en/events/").content.decode()
    for text in ("Kick-off and 1st partnership meeting", "October 2017", "April 2019", "Workshop “Forging Industrial Culture”"):
        assert text in content
    assert client.get("/en/events/?type=workshop").status_code == 200


def test_demo_publications_with_their_stand_in_files(client):

    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    titles = set(PublicationPage.objects.values_list("title_en", flat=True))
    assert {
        "Transnational Strategy Brochure",
        "Regional argumentation paper",
        "The Transformative Power of Industrial Culture – From Concepts to Actions",
    } <= titles
    paper = PublicationPage.objects.get(output_code="T1.3.1")
    assert paper.get_parent().specific.short_name == "KSMAS KK"
    assert paper.work_package.code == "T1"
    for file in paper.files.all():
        with file.document.open_file() as handle:
            content = handle.read()
        assert content.startswith(b"%PDF-") and b"stands in for the real document" in content
    content = client.get("/en/publications/").content.decode()
    assert "Regional argumentation paper" in content
    assert "Example: the publication date is a placeholder" in client.get(paper.url).content.decode()
