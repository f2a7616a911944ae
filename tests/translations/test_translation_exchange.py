"""XLIFF export and import as editors meet them: locked pages and pages in moderation, sloppy HTML from
translation tools, a file imported twice, and exports that carry only what is published unless a
communication manager asks for drafts."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from partners.services import add_communication_manager, add_coordinator
from tests.events.factories import EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.translations.test_translations import fill, latest
from tests.workpackages.factories import WorkPackagePageFactory
from translations import exchange, xliff
from translations.exchange import export_xliff, import_xliff
from translations.roles import add_translator

pytestmark = pytest.mark.django_db


def site_pages():
    return Page.objects.filter(depth__gt=1).order_by("path")


def live(page):
    return page.specific_class.objects.get(pk=page.pk)


def revision_count(page):
    return Page.objects.get(pk=page.pk).revisions.count()


def entries(report_list, page=None):
    """{unit id: detail} of one list of an import report, for one page or all."""
    return {unit_id: detail for _title, unit_id, detail in report_list if page is None or unit_id.startswith(f"{page.pk}/")}


@pytest.fixture
def people(home_page):
    """A German translator, a communication manager, and a partner with its coordinator."""
    User = get_user_model()
    translator_de = User.objects.create_user("translator_de", password="pw")
    add_translator(user=translator_de, language="de")
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    coordinator = User.objects.create_user("coordinator", password="pw")
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner")
    add_coordinator(user=coordinator, partner_page=partner)
    return {"translator": translator_de, "manager": manager, "coordinator": coordinator, "partner": partner}


@pytest.fixture
def imprint(home_page):
    return StandardPageFactory(
        parent=home_page,
        title="Imprint",
        slug="imprint",
        title_de="Impressum",
        intro="Who publishes this site.",
        body=[("paragraph", rich_text("<p>The publisher's address.</p>"))],
    )


@pytest.fixture
def event(people):
    return EventPageFactory(parent=people["partner"], title="Partnership meeting", summary="A meeting of the partnership.")


def exported(page, language="de", **options):
    data, _count = export_xliff(pages=Page.objects.filter(pk=page.pk), language=language, **options)
    return data.decode()


# Locked pages and pages in moderation ---------------------------------------------------------------------


def test_a_locked_page_gets_no_revision_and_does_not_go_live(client, imprint, people):
    document = fill(exported(imprint), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    client.force_login(people["manager"])
    assert client.post(reverse("wagtailadmin_pages:lock", args=[imprint.pk])).status_code == 302
    assert Page.objects.get(pk=imprint.pk).locked
    revisions = revision_count(imprint)

    # Locked by someone else, and locked by the importer: either way nothing changes.
    for importer in (people["translator"], people["manager"]):
        report = import_xliff(data=document.encode(), user=importer)
        assert not report.changed and not report.published
        skipped = entries(report.skipped, imprint)
        # Every text of the page, the translated introduction included, is skipped because of the lock.
        assert f"{imprint.pk}/intro" in skipped and all("locked" in reason for reason in skipped.values())
        assert revision_count(imprint) == revisions
        assert live(imprint).intro_de in ("", None) and latest(imprint).intro_de in ("", None)

    client.post(reverse("wagtailadmin_pages:unlock", args=[imprint.pk]))
    report = import_xliff(data=document.encode(), user=people["translator"])
    assert list(entries(report.changed)) == [f"{imprint.pk}/intro"]
    assert live(imprint).intro_de == "Wer diese Seite veröffentlicht."


def test_a_page_in_moderation_is_skipped(event, people):
    document = fill(exported(event), f"{event.pk}/title", "Partnertreffen")
    # The coordinator changes the English summary and submits the page for approval, as the admin's
    # "Submit for moderation" does.
    draft = latest(event)
    draft.summary_en = "A meeting of the partnership, waiting for approval."
    draft.save_revision(user=people["coordinator"])
    workflow = event.get_workflow()
    assert workflow is not None
    workflow.start(draft, people["coordinator"])
    submitted = Page.objects.get(pk=event.pk).latest_revision_id

    report = import_xliff(data=document.encode(), user=people["translator"])
    assert not report.changed and not report.published and not report.drafts
    skipped = entries(report.skipped, event)
    assert f"{event.pk}/title" in skipped and all("moderation" in reason for reason in skipped.values())
    assert Page.objects.get(pk=event.pk).latest_revision_id == submitted
    assert Page.objects.get(pk=event.pk).workflow_in_progress
    assert latest(event).title_de in ("", None) and latest(event).summary_en.endswith("waiting for approval.")
    assert live(event).title_de in ("", None)


def test_a_page_scheduled_for_publishing_keeps_its_schedule(imprint):
    """Publishing the import now would cancel the approved schedule (Wagtail clears it on every publish)."""
    import datetime

    from django.utils import timezone

    document = fill(exported(imprint), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    page = latest(imprint)
    page.intro_en = "Who publishes this site, from next week on."
    page.go_live_at = timezone.now() + datetime.timedelta(days=7)
    scheduled = page.save_revision()
    scheduled.publish()
    assert Page.objects.get(pk=imprint.pk).approved_schedule

    report = import_xliff(data=document.encode())
    assert not report.changed and "scheduled" in entries(report.skipped, imprint)[f"{imprint.pk}/intro"]
    assert Page.objects.get(pk=imprint.pk).scheduled_revision.pk == scheduled.pk


# Sloppy HTML from translation tools ---------------------------------------------------------------------------


@pytest.fixture
def three_work_packages(work_package_index):
    return [
        WorkPackagePageFactory(
            parent=work_package_index,
            code=f"T{n}",
            title=f"Work package {n}",
            title_de=f"Arbeitspaket {n}",
            summary="",
            objectives=f"<p>Objectives of work package {n}.</p>",
        )
        for n in (1, 2, 3)
    ]


SLOPPY = [
    ("&lt;p&gt;Zeile eins&lt;br&gt;Zeile zwei&lt;/p&gt;", "Zeile eins<br/>Zeile zwei"),
    ("&lt;p&gt;&lt;b&gt;Fett&lt;/p&gt;", "<b>Fett</b>"),
    ("&lt;ul&gt;&lt;li&gt;Eins&lt;li&gt;Zwei&lt;/ul&gt;", "Zwei</li></ul>"),
]


@pytest.mark.parametrize(("target", "stored"), SLOPPY, ids=["br", "unclosed-b", "unclosed-li"])
def test_sloppy_html_is_repaired_and_every_page_of_the_file_is_imported(three_work_packages, target, stored):
    first, second, third = three_work_packages
    document, _count = export_xliff(pages=site_pages(), language="de")
    document = document.decode()
    document = fill(document, f"{first.pk}/objectives", "&lt;p&gt;Ziele eins.&lt;/p&gt;")
    document = fill(document, f"{second.pk}/objectives", target)
    document = fill(document, f"{third.pk}/objectives", "&lt;p&gt;Ziele drei.&lt;/p&gt;")
    report = import_xliff(data=document.encode())
    assert not report.rejected
    assert set(entries(report.changed)) == {f"{page.pk}/objectives" for page in three_work_packages}
    assert stored in live(second).objectives_de
    assert "Ziele eins." in live(first).objectives_de and "Ziele drei." in live(third).objectives_de


def test_sloppy_html_in_a_stream_field_is_repaired(imprint):
    document = exported(imprint)
    (body_id,) = [unit.unit_id for unit in xliff.read(document.encode()) if unit.unit_key.startswith("body/")]
    report = import_xliff(data=fill(document, body_id, "&lt;p&gt;Die &lt;b&gt;Anschrift&lt;/p&gt;").encode())
    assert not report.rejected and list(entries(report.changed)) == [imprint_body_unit(imprint)]
    assert "<b>Anschrift</b>" in str(live(imprint).body_de[0].value)


GARBAGE = [
    ("&lt;p class=&quot;x&gt;Kaputt", "not closed"),  # an attribute's quote left open swallows the tag
    ("&lt;![CDATA[Verloren]]&gt;", "lose part of the text"),
    ("&lt;p&gt;Text &lt;b class='x&gt;mehr&lt;/b&gt;&lt;/p&gt;", "not closed"),
]


@pytest.mark.parametrize(("target", "reason"), GARBAGE, ids=["open-quote", "cdata", "open-quote-inside"])
def test_unusable_html_is_rejected_and_nothing_is_half_imported(three_work_packages, target, reason):
    first, second, third = three_work_packages
    document, _count = export_xliff(pages=site_pages(), language="de")
    document = document.decode()
    document = fill(document, f"{first.pk}/objectives", "&lt;p&gt;Ziele eins.&lt;/p&gt;")
    document = fill(document, f"{second.pk}/objectives", target)
    document = fill(document, f"{third.pk}/objectives", "&lt;p&gt;Ziele drei.&lt;/p&gt;")
    revisions = revision_count(second)
    report = import_xliff(data=document.encode())
    rejected = entries(report.rejected)
    assert set(rejected) == {f"{second.pk}/objectives"} and reason in rejected[f"{second.pk}/objectives"]
    assert set(entries(report.changed)) == {f"{first.pk}/objectives", f"{third.pk}/objectives"}
    assert revision_count(second) == revisions and live(second).objectives_de in ("", None)
    assert "Ziele eins." in live(first).objectives_de and "Ziele drei." in live(third).objectives_de


def test_an_unforeseen_error_on_one_page_leaves_that_page_untouched_and_the_others_imported(monkeypatch, three_work_packages):
    """A fault after a page's revision was written (here: publishing fails) undoes that page's revision too."""
    first, second, third = three_work_packages
    document, _count = export_xliff(pages=site_pages(), language="de")
    document = document.decode()
    for page in three_work_packages:
        document = fill(document, f"{page.pk}/objectives", f"&lt;p&gt;Ziele {page.pk}.&lt;/p&gt;")
    publish = exchange.publish_translation

    def failing_publish(*, page, **kwargs):
        if page.pk == second.pk:
            raise RuntimeError("the search index is gone")
        return publish(page=page, **kwargs)

    monkeypatch.setattr(exchange, "publish_translation", failing_publish)
    revisions = revision_count(second)
    report = import_xliff(data=document.encode())
    rejected = entries(report.rejected)
    assert set(rejected) == {f"{second.pk}/objectives"}
    assert "nothing on this page was changed" in rejected[f"{second.pk}/objectives"]
    assert set(entries(report.changed)) == {f"{first.pk}/objectives", f"{third.pk}/objectives"}
    assert revision_count(second) == revisions and latest(second).objectives_de in ("", None)


# Importing the same file twice ------------------------------------------------------------------------------


def test_an_identical_re_import_is_reported_as_unchanged(imprint, three_work_packages):
    first = three_work_packages[0]
    document, _count = export_xliff(pages=site_pages(), language="de")
    document = document.decode()
    (body_id,) = [unit.unit_id for unit in xliff.read(document.encode()) if unit.unit_id.startswith(f"{imprint.pk}/body/")]
    document = fill(document, f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    document = fill(document, body_id, "&lt;p&gt;Die Anschrift.&lt;/p&gt;")
    document = fill(document, f"{first.pk}/objectives", "&lt;p&gt;Ziele &lt;b&gt;eins&lt;/p&gt;")
    report = import_xliff(data=document.encode())
    assert set(entries(report.changed)) == {f"{imprint.pk}/intro", imprint_body_unit(imprint), f"{first.pk}/objectives"}
    revisions = revision_count(imprint), revision_count(first)

    again = import_xliff(data=document.encode())
    assert not again.changed and not again.rejected and not again.confirmed and not again.published
    assert set(entries(again.unchanged)) == {f"{imprint.pk}/intro", imprint_body_unit(imprint), f"{first.pk}/objectives"}
    assert (revision_count(imprint), revision_count(first)) == revisions


def test_a_re_import_after_someone_changed_the_translation_is_still_a_conflict(imprint):
    document = fill(exported(imprint), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    import_xliff(data=document.encode())
    page = latest(imprint)
    page.intro_de = "Wer diese Website herausgibt."
    page.save_revision().publish()
    again = import_xliff(data=document.encode())
    assert entries(again.rejected) == {
        f"{imprint.pk}/intro": "The translation was changed since the export; the newer one is kept."
    }
    assert live(imprint).intro_de == "Wer diese Website herausgibt."


# Exports carry what is published unless a communication manager asks for drafts ---------------------------------


@pytest.fixture
def pending(event, people, home_page):
    """The event with a coordinator's unapproved English change, and a page that was never published."""
    draft = latest(event)
    draft.summary_en = "An unapproved sentence of the coordinator."
    draft.save_revision(user=people["coordinator"])
    never = StandardPageFactory(parent=home_page, title="Never published", intro="A draft-only introduction.", live=False)
    return {"event": event, "never": never}


def test_an_export_leaves_out_unapproved_drafts_and_unpublished_pages_by_default(pending):
    event, never = pending["event"], pending["never"]
    document, _count = export_xliff(pages=site_pages(), language="de")
    units = {unit.unit_id for unit in xliff.read(document)}
    assert "An unapproved sentence" not in document.decode()
    assert "draft-only" not in document.decode() and not any(unit.startswith(f"{never.pk}/") for unit in units)
    # The event's title is the same in the published version and the draft: it is there to translate.
    assert f"{event.pk}/title" in units and f"{event.pk}/summary" not in units

    document, _count = export_xliff(pages=site_pages(), language="de", drafts=True)
    assert "An unapproved sentence" in document.decode() and "draft-only" in document.decode()


def test_only_managers_export_drafts_in_the_admin(client, pending, people):
    url = reverse("translations:export")
    client.force_login(people["translator"])
    overview = client.get(reverse("translations:overview")).content.decode()
    assert 'name="drafts"' not in overview
    # The never-published page has nothing published to export: no export link for a translator.
    assert f"page={pending['never'].pk}" not in overview
    response = client.get(url, {"language": "de"})
    assert response.status_code == 200 and b"An unapproved sentence" not in response.content
    response = client.get(url, {"language": "de", "drafts": "1"}, follow=True)
    assert response.status_code == 200 and "Only communication managers" in response.content.decode()
    assert not response.get("Content-Disposition")

    client.force_login(people["manager"])
    overview = client.get(reverse("translations:overview")).content.decode()
    assert 'name="drafts"' in overview and f"page={pending['never'].pk}&amp;drafts=1" in overview
    response = client.get(url, {"language": "de", "drafts": "1"})
    assert response.status_code == 200 and b"An unapproved sentence" in response.content
    assert b"draft-only" in response.content
    assert b"An unapproved sentence" not in client.get(url, {"language": "de"}).content


def test_the_export_command_leaves_out_drafts_unless_asked(tmp_path, pending):
    path = tmp_path / "de.xlf"
    call_command("export_translations", "de", "--output", str(path), stderr=StringIO())
    assert "An unapproved sentence" not in path.read_text() and "draft-only" not in path.read_text()
    call_command("export_translations", "de", "--drafts", "--output", str(path), stderr=StringIO())
    assert "An unapproved sentence" in path.read_text() and "draft-only" in path.read_text()


def test_a_published_text_imported_onto_a_page_with_a_newer_draft_keeps_the_draft(event, people):
    document = fill(exported(event), f"{event.pk}/title", "Partnertreffen")
    draft = latest(event)
    draft.summary_en = "An unapproved sentence of the coordinator."
    draft.save_revision(user=people["coordinator"])

    report = import_xliff(data=document.encode(), user=people["translator"])
    assert list(entries(report.changed)) == [f"{event.pk}/title"] and not report.published
    assert [title for title, _reason in report.drafts] == ["Partnership meeting"]
    page = latest(event)
    assert (page.title_de, page.summary_en) == ("Partnertreffen", "An unapproved sentence of the coordinator.")
    assert live(event).summary_en == "A meeting of the partnership." and live(event).title_de in ("", None)


# The page's admin title ---------------------------------------------------------------------------------------


def test_a_german_import_keeps_the_english_admin_title(imprint, people):
    document = fill(exported(imprint), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    with translation.override("de"):
        report = import_xliff(data=document.encode(), user=people["translator"])
    assert list(entries(report.changed)) == [f"{imprint.pk}/intro"]
    page = Page.objects.get(pk=imprint.pk)
    assert page.draft_title == "Imprint"
    assert page.get_latest_revision().content["draft_title"] in ("Imprint", None)


# The admin and the command answer with a report, never a server error ----------------------------------------


@pytest.fixture
def troublesome_file(imprint, three_work_packages, people, client):
    """One file: a locked page (two texts), a page with sloppy HTML and one with unusable HTML."""
    first, second, _third = three_work_packages
    document, _count = export_xliff(pages=site_pages().filter(pk__in=[imprint.pk, first.pk, second.pk]), language="de")
    document = fill(document.decode(), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    document = fill(document, f"{first.pk}/objectives", "&lt;p&gt;&lt;b&gt;Ziele&lt;/p&gt;")
    document = fill(document, f"{second.pk}/objectives", "&lt;p class=&quot;x&gt;Kaputt")
    client.force_login(people["manager"])
    client.post(reverse("wagtailadmin_pages:lock", args=[imprint.pk]))
    client.logout()
    return document.encode()


def test_the_admin_import_answers_with_a_report(client, troublesome_file, people, three_work_packages):
    client.force_login(people["translator"])
    response = client.post(
        reverse("translations:import"), {"file": SimpleUploadedFile("de.xlf", troublesome_file, content_type="application/xml")}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 texts filled, 0 confirmed, 0 unchanged, 1 rejected, 2 skipped." in html
    assert "locked" in html and "not closed" in html
    assert "<b>Ziele</b>" in live(three_work_packages[0]).objectives_de

    again = client.post(
        reverse("translations:import"), {"file": SimpleUploadedFile("de.xlf", troublesome_file, content_type="application/xml")}
    )
    assert again.status_code == 200 and "1 unchanged" in again.content.decode()


def test_the_import_command_answers_with_a_report(tmp_path, troublesome_file, people):
    path = tmp_path / "de.xlf"
    path.write_bytes(troublesome_file)
    out = StringIO()
    call_command("import_translations", str(path), "--user", "translator_de", stdout=out)
    output = out.getvalue()
    assert "Filled 1, confirmed 0, unchanged 0, rejected 1, skipped 2." in output
    assert "locked" in output and "not closed" in output


def test_a_german_admin_keeps_the_english_admin_title_when_importing(client, imprint, people):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(people["translator"])
    profile.preferred_language = "de"
    profile.save()
    document = fill(exported(imprint), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    client.force_login(people["translator"])
    response = client.post(
        reverse("translations:import"), {"file": SimpleUploadedFile("de.xlf", document.encode(), content_type="application/xml")}
    )
    assert response.status_code == 200 and 'lang="de"' in response.content.decode()
    assert live(imprint).intro_de == "Wer diese Seite veröffentlicht."
    assert Page.objects.get(pk=imprint.pk).draft_title == "Imprint"


def imprint_body_unit(imprint):
    """The report's id of the imprint body's one block: a StreamField is translated block by block."""
    (block,) = imprint.body_en.raw_data
    return f"{imprint.pk}/body/{block['id']}"
