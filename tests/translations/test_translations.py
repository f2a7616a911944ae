"""Translators' tools: the state of each page's translations, the translator role, export and import."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from demo.bulk import add_children_quickly
from events.models import EventVenue
from inducult.models import StandardPage
from partners.models import PartnerContact
from partners.services import add_communication_manager, add_coordinator
from tests.admin_forms import edit_form_data, translated_values
from tests.events.factories import EventPageFactory, agenda_day
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from translations import units as u
from translations import xliff
from translations.exchange import export_xliff, import_xliff
from translations.publishing import publish_translation
from translations.records import record_translations
from translations.roles import add_translator, ensure_translator_groups, translators_group_name
from translations.states import translation_states

pytestmark = pytest.mark.django_db


def state_of(page, language):
    (state,) = translation_states([Page.objects.get(pk=page.pk)], [language])
    return state.languages[language]


def latest(page):
    return page.specific_class.objects.get(pk=page.pk).get_latest_revision_as_object()


def publish_new_revision(page, **values):
    """Save and publish a revision as an editor would, recording what the translations were made from."""
    page = latest(page)
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision().publish()
    record_translations(page=Page.objects.get(pk=page.pk).specific)
    return page


@pytest.fixture
def imprint(home_page):
    """A standard page translated into German only in its title."""
    return StandardPageFactory(
        parent=home_page,
        title="Imprint",
        slug="imprint",
        title_de="Impressum",
        intro="Who publishes this site.",
        body=[("paragraph", rich_text("<p>The publisher's address.</p>"))],
    )


@pytest.fixture
def users(db):
    User = get_user_model()
    return {name: User.objects.create_user(name, password="pw") for name in ("translator_de", "translator_cs", "manager")}


@pytest.fixture
def translator_de(users):
    add_translator(user=users["translator_de"], language="de")
    return users["translator_de"]


# The state of each page's translations ----------------------------------------------------------------


def test_counts_on_a_known_set_of_pages(home_page, work_package, imprint):
    # Home: title, subtitle and nutshell have English text (and German); work package: title and summary.
    states = {state.page.pk: state for state in translation_states(Page.objects.filter(depth__gt=1).order_by("path"))}
    home, wp, standard = states[home_page.pk], states[work_package.pk], states[imprint.pk]
    assert (home.languages["de"].state, home.languages["de"].translated, home.languages["de"].total) == ("complete", 3, 3)
    assert home.languages["cs"].state == "missing"
    assert (wp.languages["de"].state, wp.languages["de"].total) == ("complete", 2)
    assert (standard.languages["de"].state, standard.languages["de"].translated, standard.languages["de"].total) == (
        "partial",
        1,
        3,
    )
    # A StreamField is translated block by block: the body's one block is one text.
    assert [unit.key.split("/")[0] for unit in standard.languages["de"].missing] == ["intro", "body"]


def test_inline_children_count_towards_their_page(home_page):
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner", title_de="Partner")
    partner.contacts = [
        PartnerContact(name="Ann", role="Coordinator", role_de="Koordinatorin"),
        PartnerContact(name="Bo", role="Assistant"),
    ]
    partner.save()
    cell = state_of(partner, "de")
    # title, town (Zwickau), two contact roles; the German town and the second role are missing.
    assert (cell.state, cell.translated, cell.total) == ("partial", 2, 4)
    assert sorted(unit.key for unit in cell.missing if unit.spec.relation) == [
        f"contacts.{PartnerContact.objects.get(name='Bo').pk}.role"
    ]


def test_an_english_edit_marks_the_translation_outdated_and_a_translator_save_clears_it(client, work_package, translator_de):
    record_translations(page=work_package)
    assert state_of(work_package, "de").state == "complete"

    publish_new_revision(work_package, summary_en="The work package defined what Industrial Culture is.")
    cell = state_of(work_package, "de")
    assert cell.state == "outdated" and [unit.key for unit in cell.outdated] == ["summary"]

    client.force_login(translator_de)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[work_package.pk]),
        work_package_form(work_package, summary_de="Das Arbeitspaket bestimmte, was Industriekultur ist."),
    )
    assert response.status_code == 302
    assert state_of(work_package, "de").state == "complete"


def test_a_re_save_that_changes_only_markup_keeps_translations_up_to_date(home_page):
    record_translations(page=home_page)
    publish_new_revision(home_page, nutshell_en=home_page.nutshell_en.replace("<p>", '<p data-block-key="x1">'))
    assert state_of(home_page, "de").state == "complete"


def test_state_follows_the_latest_revision(work_package):
    record_translations(page=work_package)
    page = latest(work_package)
    page.summary_en = "A draft of a new English summary."
    page.save_revision()
    assert state_of(work_package, "de").state == "outdated"


# Helpers for posting the admin's edit form --------------------------------------------------------------


def work_package_form(page, **overrides):
    page = latest(page)
    data = {
        **translated_values(page, "title", "slug", "summary", "seo_title", "search_description"),
        **{f"objectives_{code}": rich_text(getattr(page, f"objectives_{code}") or "") for code in u.target_languages() + ["en"]},
        **{f"outputs_{code}": streamfield([]) for code in u.target_languages() + ["en"]},
        "code": page.code,
        "lead_partner": "",
        "show_in_menus": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


# The translator role ---------------------------------------------------------------------------------


def test_there_is_one_translators_group_per_language(db):
    ensure_translator_groups()
    ensure_translator_groups()  # repeatable
    names = set(Group.objects.filter(name__startswith="Translators – ").values_list("name", flat=True))
    assert names == {
        "Translators – German",
        "Translators – Czech",
        "Translators – Polish",
        "Translators – Slovenian",
        "Translators – Croatian",
        "Translators – Italian",
        "Translators – Dutch",
    }
    assert translators_group_name("de") == "Translators – German"


def test_a_translator_saves_their_language(client, work_package, translator_de):
    client.force_login(translator_de)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[work_package.pk]), work_package_form(work_package, summary_de="Neu.")
    )
    assert response.status_code == 302
    assert latest(work_package).summary_de == "Neu."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary_en", "A forged English summary."),
        ("summary_cs", "Padělaný český souhrn."),
        ("code", "T9"),
        ("objectives_en", rich_text("<p>Forged objectives.</p>")),
    ],
)
def test_the_server_refuses_a_translators_change_to_any_other_field(client, work_package, translator_de, field, value):
    client.force_login(translator_de)
    before = latest(work_package)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[work_package.pk]),
        work_package_form(work_package, summary_de="Neu.", **{field: value}),
    )
    assert response.status_code == 200
    assert "As a translator you may change only the German fields" in response.content.decode()
    after = latest(work_package)
    assert after.summary_de == before.summary_de
    assert getattr(after, field.removesuffix("_en"), None) == getattr(before, field.removesuffix("_en"), None)
    assert (after.summary_en, after.title_en, after.code, after.summary_cs) == (
        before.summary_en,
        before.title_en,
        before.code,
        before.summary_cs,
    )


def test_a_post_without_the_locked_fields_changes_nothing_else(client, work_package, translator_de):
    """What a browser sends (disabled inputs are not posted): the other fields keep their values."""
    client.force_login(translator_de)
    data = {
        key: value for key, value in work_package_form(work_package, summary_de="Neu.").items() if re.search(r"_de($|-)", key)
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[work_package.pk]), data)
    assert response.status_code == 302
    page = latest(work_package)
    assert (page.summary_de, page.summary_en, page.code, page.title_en) == (
        "Neu.",
        work_package.summary_en,
        "T1",
        work_package.title_en,
    )


def test_a_translator_may_not_change_a_stream_field_of_another_language(client, home_page, translator_de):
    page = StandardPageFactory(parent=home_page, title="Privacy", body=[("heading", "Cookies")])
    client.force_login(translator_de)
    data = {
        **translated_values(page, "title", "slug", "intro", "seo_title", "search_description"),
        **{f"body_{code}": streamfield([]) for code in u.target_languages()},
        "body_en": streamfield([("heading", "Forged heading")]),
        "title_de": "Datenschutz",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(data))
    assert response.status_code == 200
    assert "the form also changed: Body [en]." in response.content.decode()
    after = latest(page)
    assert after.body_en[0].value == "Cookies" and after.title_de in ("", None)


def test_a_translator_changes_only_their_language_of_inline_children(client, home_page, translator_de):
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner")
    partner.contacts = [PartnerContact(name="Ann", role="Coordinator")]
    partner.save()
    contact = partner.contacts.get()
    url = reverse("wagtailadmin_pages:edit", args=[partner.pk])
    client.force_login(translator_de)

    def contacts(**changes):
        form = {"id": contact.pk, "name": "Ann", "role_en": "Coordinator", "email": "", "phone": "", "ORDER": "1"}
        form.update({f"role_{code}": "" for code in u.target_languages()})
        form.update(changes)
        return form

    from wagtail.test.utils.form_data import inline_formset

    refused = [
        inline_formset([contacts(name="Forged")], initial=1),
        inline_formset([contacts(DELETE="1")], initial=1),
        inline_formset([contacts(), {"name": "New", "role_en": "", "role_de": "Neu", "email": "", "phone": ""}], initial=1),
    ]
    for formset in refused:
        response = client.post(url, edit_form_data(partner, contacts=formset, title_de="Partner"))
        assert response.status_code == 200, formset
        assert "As a translator you may change only the German fields" in response.content.decode()
    assert [(c.name, c.role_en) for c in partner.specific_class.objects.get(pk=partner.pk).contacts.all()] == [
        ("Ann", "Coordinator")
    ]

    response = client.post(url, edit_form_data(partner, contacts=inline_formset([contacts(role_de="Koordinatorin")], initial=1)))
    assert response.status_code == 302
    after = latest(partner)
    assert [(c.name, c.role_en, c.role_de) for c in after.contacts.all()] == [("Ann", "Coordinator", "Koordinatorin")]


def test_translators_cannot_create_delete_move_or_publish_pages_as_editors(client, work_package, imprint, translator_de):
    client.force_login(translator_de)
    permissions = work_package.permissions_for_user(translator_de)
    assert permissions.can_edit()
    assert not permissions.can_add_subpage() and not permissions.can_publish() and not permissions.can_unpublish()
    home = work_package.get_parent().get_parent()
    assert client.get(reverse("wagtailadmin_pages:add_subpage", args=[home.pk])).status_code in (302, 403)
    draft = StandardPageFactory(parent=home, title="Draft", live=False)
    # Wagtail's own rules would let an editor without publish rights delete a draft leaf; the hook refuses.
    assert draft.permissions_for_user(translator_de).can_delete()
    for url in (
        reverse("wagtailadmin_pages:delete", args=[draft.pk]),
        reverse("wagtailadmin_pages:delete", args=[imprint.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[draft.pk, work_package.get_parent().pk]),
    ):
        assert client.post(url).status_code in (302, 403)
    assert Page.objects.filter(pk=draft.pk).exists() and Page.objects.filter(pk=imprint.pk).exists()
    # Reverting would bring back an old revision's English text through the locked fields.
    revision = imprint.save_revision()
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[imprint.pk, revision.pk])
    assert client.get(revert).status_code in (302, 403)


def test_a_translators_publish_translation_publishes_only_their_work(client, work_package, translator_de):
    published = []

    def listener(sender, instance, **kwargs):
        published.append(instance.pk)

    page_published.connect(listener)
    try:
        client.force_login(translator_de)
        url = reverse("wagtailadmin_pages:edit", args=[work_package.pk])
        response = client.post(
            url, work_package_form(work_package, summary_de="Veröffentlicht.", **{"action-publish-translation": "1"})
        )
        assert response.status_code == 302 and response["Location"].startswith(reverse("translations:overview"))
        assert published == [work_package.pk]
        assert work_package.specific_class.objects.get(pk=work_package.pk).summary_de == "Veröffentlicht."

        # An editor's unpublished English change waits in the latest revision: the translator's publish keeps it a draft.
        draft = latest(work_package)
        draft.summary_en = "An English change waiting for approval."
        draft.save_revision()
        response = client.post(url, work_package_form(work_package, summary_de="Entwurf.", **{"action-publish-translation": "1"}))
        assert response.status_code == 302
        live = work_package.specific_class.objects.get(pk=work_package.pk)
        assert (live.summary_de, live.summary_en) == ("Veröffentlicht.", work_package.summary_en)
        assert live.get_latest_revision_as_object().summary_de == "Entwurf."
        assert published == [work_package.pk]
    finally:
        page_published.disconnect(listener)


def test_a_coordinator_who_translates_edits_their_own_partner_fully(client, home_page, users):
    partner = PartnerPageFactory(parent=PartnerIndexPageFactory(parent=home_page), title="Partner")
    coordinator = users["manager"]
    add_coordinator(user=coordinator, partner_page=partner)
    add_translator(user=coordinator, language="de")
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[partner.pk]), edit_form_data(partner, town_en="Chemnitz", title_de="Partner")
    )
    assert response.status_code == 302
    assert latest(partner).town_en == "Chemnitz"
    # Elsewhere they are a translator only.
    other = StandardPageFactory(parent=home_page, title="Elsewhere")
    client.post(reverse("wagtailadmin_pages:delete", args=[other.pk]))
    assert Page.objects.filter(pk=other.pk).exists()


# The overview -------------------------------------------------------------------------------------------


def cells(response):
    """{(page title, language): state} from the overview's table."""
    html = response.content.decode()
    result = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.S):
        title = re.sub(r"<[^>]+>", "", re.search(r"<a [^>]*>(.*?)</a>", row, re.S).group(1)).strip()
        for code, state in re.findall(r'<td data-language="(\w+)" data-state="(\w+)">', row):
            result[title, code] = state
    return result


def test_the_overview_shows_each_pages_state_per_language(admin_client, home_page, work_package, imprint):
    record_translations(page=work_package)
    publish_new_revision(work_package, summary_en="A changed English summary.")
    response = admin_client.get(reverse("translations:overview"))
    assert response.status_code == 200
    states = cells(response)
    assert states["InduCult2.0", "de"] == "complete"
    assert states["InduCult2.0", "cs"] == "missing"
    assert states[work_package.title, "de"] == "outdated"
    assert states["Imprint", "de"] == "partial"
    html = response.content.decode()
    assert "Partial: 1 of 3" in html and "Outdated: 1, 2 of 2 translated" in html
    assert '<th scope="col">German</th>' in html and "<caption>" in html
    # German: the outdated work package and the partial imprint; the index page and home are complete.
    assert re.search(
        r"<strong>German:</strong>\s*2 pages to do\s*\(0 missing, 1 partial, 1 outdated\),\s*3 texts to translate", html
    )
    assert f'href="/admin/pages/{imprint.pk}/edit/?translate=de"' in html


def test_the_overview_filters_by_language_page_type_and_partner(admin_client, home_page, work_package, imprint):
    index = PartnerIndexPageFactory(parent=home_page)
    partner = PartnerPageFactory(parent=index, title="District of Zwickau", short_name="")
    other = PartnerPageFactory(parent=index, title="Another partner")
    EventPageFactory(parent=partner, title="Own event")
    hosted = EventPageFactory(parent=other, title="Hosted event")
    hosted.host_partners.add(partner)
    hosted.save()
    response = admin_client.get(reverse("translations:overview"), {"partner": partner.pk})
    assert {title for title, _code in cells(response)} == {"District of Zwickau", "Own event", "Hosted event"}
    response = admin_client.get(reverse("translations:overview"), {"page_type": "inducult.standardpage", "language": "cs"})
    assert cells(response) == {("Imprint", "cs"): "missing"}
    response = admin_client.get(reverse("translations:overview"), {"language": "xx", "page_type": "no.such"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_the_overview_is_for_translators_managers_and_admins_only(client, home_page, users, translator_de):
    index = PartnerIndexPageFactory(parent=home_page)
    coordinator = users["translator_cs"]
    add_coordinator(user=coordinator, partner_page=PartnerPageFactory(parent=index))
    add_communication_manager(user=users["manager"], site_root=home_page)
    url = reverse("translations:overview")
    for user, allowed in ((translator_de, True), (users["manager"], True), (coordinator, False)):
        client.force_login(user)
        response = client.get(url)
        assert (response.status_code == 200) is allowed, user
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (url in menu) is allowed, user


def test_the_overview_needs_the_same_number_of_queries_for_10_and_100_pages(admin_client, home_page):
    parent = StandardPageFactory(parent=home_page, title="Parent")

    def queries_for(count):
        existing = parent.get_children().count()
        add_children_quickly(
            parent, [StandardPage(title=f"Page {n}", slug=f"p-{n}", intro="Text") for n in range(existing, count)]
        )
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(reverse("translations:overview"), {"page_type": "inducult.standardpage"})
        # The parent and its children, all of them counted (50 rows on each screen of the table).
        assert f"The translations of {count + 1} pages" in response.content.decode()
        return len(queries)

    assert queries_for(10) == queries_for(100)


# Export and import -----------------------------------------------------------------------------------


def test_export_and_import_round_trip_with_a_conflict_and_a_changed_source(home_page, work_package, imprint):
    record_translations(page=work_package)
    publish_new_revision(work_package, summary_en="A changed English summary.")
    data, count = export_xliff(pages=Page.objects.filter(depth__gt=1).order_by("path"), language="de")
    units = {unit.unit_id: unit for unit in xliff.read(data)}
    # The outdated summary of the work package, and the imprint's missing introduction and body paragraph.
    summary_id, intro_id = f"{work_package.pk}/summary", f"{imprint.pk}/intro"
    body_ids = [unit_id for unit_id in units if unit_id.startswith(f"{imprint.pk}/body/")]
    assert set(units) == {summary_id, intro_id, *body_ids} and len(body_ids) == 1 and count == 3
    assert units[summary_id].target == work_package.summary_de

    translated = data.decode()
    translated = fill(translated, summary_id, "Eine geänderte Zusammenfassung.")
    translated = fill(translated, intro_id, "Wer diese Seite veröffentlicht.")
    translated = fill(translated, body_ids[0], "&lt;p&gt;Die Anschrift.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;")

    # Meanwhile someone changes the imprint's English introduction.
    publish_new_revision(imprint, intro_en="Who publishes this site, and where.")
    report = import_xliff(data=translated.encode())
    assert [entry[1] for entry in report.changed] == [summary_id, f"{imprint.pk}/body/{imprint.body_en.raw_data[0]['id']}"]
    assert [(entry[1], entry[2]) for entry in report.rejected] == [
        (intro_id, "The English text changed since the export: export it again.")
    ]

    page = latest(work_package)
    assert page.summary_de == "Eine geänderte Zusammenfassung."
    assert state_of(work_package, "de").state == "complete"
    body = latest(imprint).body_de
    # Rich text from a file goes through the editor's converter: only the field's features survive.
    assert "Die Anschrift." in str(body[0].value) and "<script" not in str(body[0].value)
    assert imprint.specific_class.objects.get(pk=imprint.pk).body_de  # published: the imprint had no other changes

    # The same file again: the translations already say what the file says, so they are reported as unchanged,
    # not as conflicts; only the text whose English changed since the export is still rejected.
    again = import_xliff(data=translated.encode())
    assert not again.changed
    assert again.unchanged
    assert {entry[1] for entry in again.rejected} == {intro_id}


def fill(document, unit_id, text):
    """Put a translation into an exported XLIFF document, as a translator's tool would."""
    pattern = re.compile(rf'(<trans-unit id="{re.escape(unit_id)}".*?</source>)(\s*<target[^>]*>.*?</target>)?', re.S)
    return pattern.sub(lambda match: f'{match.group(1)}<target state="translated">{text}</target>', document, count=1)


def test_import_refuses_unknown_pages_and_fields_and_other_peoples_languages(home_page, work_package, users, translator_de):
    data, _count = export_xliff(pages=Page.objects.filter(pk=home_page.pk), language="cs")
    document = data.decode()
    document = document.replace(f'inducult:page="{home_page.pk}"', 'inducult:page="999999"')
    report = import_xliff(data=document.encode())
    assert report.rejected and all(entry[2] == "There is no page with this id." for entry in report.rejected)

    unknown_field = data.decode().replace('inducult:unit="title"', 'inducult:unit="no_such_field"')
    report = import_xliff(data=fill(unknown_field, f"{home_page.pk}/title", "Úvod").encode())
    assert ("This page has no such field.") in [entry[2] for entry in report.rejected]

    report = import_xliff(data=fill(data.decode(), f"{home_page.pk}/title", "Úvod").encode(), user=translator_de)
    assert not report.changed and {entry[2] for entry in report.rejected} == {"You do not translate into Czech."}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"  \n ", "The file is empty."),
        (b"not xml at all", "not well-formed XML"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2"/>', "DTD or entities"),
        (b'<?xml version="1.0"?><html/>', "not an XLIFF 1.2 document"),
        (
            b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            b'<file target-language="de"><body/></file></xliff>',
            "no translation units",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_error_not_a_server_error(admin_client, home_page, content, message):
    response = admin_client.post(
        reverse("translations:import"), {"file": SimpleUploadedFile("bad.xlf", content, content_type="application/xml")}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_export_and_import_in_the_admin(admin_client, home_page, imprint):
    response = admin_client.get(reverse("translations:export"), {"language": "de", "page": imprint.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/x-xliff+xml")
    assert 'filename="inducult-de-page-' in response["Content-Disposition"]
    document = fill(response.content.decode(), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht.")
    response = admin_client.post(
        reverse("translations:import"), {"file": SimpleUploadedFile("de.xlf", document.encode(), content_type="application/xml")}
    )
    assert response.status_code == 200
    assert "1 texts filled" in response.content.decode() or "texts filled" in response.content.decode()
    assert imprint.specific_class.objects.get(pk=imprint.pk).intro_de == "Wer diese Seite veröffentlicht."
    assert admin_client.get(reverse("translations:export"), {"language": "xx"}).status_code == 302
    assert admin_client.get(reverse("translations:export"), {"language": "de", "page": 999999}).status_code == 302


def test_export_and_import_commands(tmp_path, home_page, imprint):
    from django.core.management import call_command

    path = tmp_path / "de.xlf"
    call_command("export_translations", "de", "--page", str(imprint.pk), "--output", str(path))
    path.write_text(fill(path.read_text(), f"{imprint.pk}/intro", "Wer diese Seite veröffentlicht."))
    from io import StringIO

    out = StringIO()
    call_command("import_translations", str(path), stdout=out)
    assert "Filled 1" in out.getvalue()
    assert imprint.specific_class.objects.get(pk=imprint.pk).intro_de == "Wer diese Seite veröffentlicht."


def test_publish_translation_of_an_event_with_venues_hosts_and_agenda(client, home_page, translator_de):
    """Inline children, many-to-many hosts and StreamFields do not look like someone else's pending change."""

    index = PartnerIndexPageFactory(parent=home_page)
    host = PartnerPageFactory(parent=index, title="Host")
    event = EventPageFactory(
        parent=host,
        title="Meeting",
        agenda=[agenda_day(datetime.date(2018, 10, 15), "Sisak", (datetime.time(9), None, "session", "Welcome", ""))],
    )
    event.venues = [EventVenue(name="Town hall", town="Sisak", country="HR")]
    event.host_partners = [host]
    event.save_revision().publish()
    event = Page.objects.get(pk=event.pk).specific
    draft = event.get_latest_revision_as_object()
    draft.summary_de = "Ein Treffen der Partnerschaft."
    draft.save_revision(user=translator_de)
    assert publish_translation(page=event, languages={"de"}, user=translator_de) == (True, "")
    assert Page.objects.get(pk=event.pk).specific.summary_de == "Ein Treffen der Partnerschaft."
