"""Drafts and autosave never crash.

Wagtail 8 defers required-field validation when an editor saves a draft or the editor autosaves: every
custom clean() then meets missing values. A draft with incomplete data saves, as Wagtail intends; a
contradiction a custom check can still see is a form error on its field; publishing the incomplete page
answers with form errors on the missing fields. Never an exception, never a 500.
"""

import ast
import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.list_block import ListBlock
from wagtail.blocks.struct_block import StructBlock
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.blocks import CallToActionBlock, VideoBlock
from events.blocks import AgendaDayBlock, AgendaSlotBlock
from events.models import EventPage
from partners.services import add_communication_manager, add_coordinator
from tests import ROOT
from tests.admin_forms import LANGUAGE_CODES, edit_form_data, empty_streams, list_block, translated_values
from tests.core.factories import PdfDocumentFactory
from tests.events.factories import EventIndexPageFactory, EventPageFactory, agenda_day, agenda_slot_form
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory

PROJECT_PACKAGES = ("core", "partners", "workpackages", "events", "publications", "translations", "inducult", "demo")
T = datetime.time

# A complete, valid value for every block class of the site with its own clean(). The test below fails
# when a block gains a clean() without a sample here, so its drafts get tested too.
SLOT_SAMPLE = {
    "start": "09:00",
    "end": "10:00",
    "kind": "session",
    "title": "Welcome",
    "description": "",
    "sub_items": ["Introductions"],
    "audience": "",
    "venue": "",
}
SAMPLES = {
    AgendaSlotBlock: SLOT_SAMPLE,
    AgendaDayBlock: {
        "date": "2018-10-16",
        "town": "Sisak",
        # Two slots for the same audience, so the overlap check compares a slot with a missing start.
        "slots": [SLOT_SAMPLE, {**SLOT_SAMPLE, "start": "10:00", "end": "11:00", "title": "Study tour", "sub_items": []}],
    },
    CallToActionBlock: {
        "heading": "Map your industrial culture",
        "text": "",
        "link_label": "Go to the mapping tool",
        "link_page": None,
        "link_url": "https://example.org/map/",
    },
    VideoBlock: {
        "title": "InduCult in two minutes",
        "text": "",
        "url": "https://www.youtube.com/watch?v=abc",
        "embed_url": "https://www.youtube-nocookie.com/embed/abc",
        "provider": "YouTube",
    },
}


def _is_project_class(klass):
    return klass.__module__.split(".")[0] in PROJECT_PACKAGES


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def block_classes_with_custom_clean():
    """Every block class of the site that has (or inherits from a class of the site) its own clean()."""
    return {
        cls
        for cls in _subclasses(blocks.Block)
        if _is_project_class(cls) and any("clean" in vars(klass) for klass in cls.__mro__ if _is_project_class(klass))
    }


def blocks_in_streamfields():
    """{block class: the block as a StreamField of the site uses it}."""
    from django.apps import apps

    found = {}

    def visit(block):
        found.setdefault(type(block), block)
        for child in getattr(block, "child_blocks", {}).values():
            visit(child)
        if isinstance(block, ListBlock):
            visit(block.child_block)

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                visit(field.stream_block)
    return found


def block_under_test(cls):
    return blocks_in_streamfields().get(cls) or cls()


def required_paths(block, value, path=()):
    """The paths (child names and list indexes) to every required field inside a block's value."""
    if isinstance(block, StructBlock):
        for name, child in block.child_blocks.items():
            yield from required_paths(child, value[name], (*path, name))
    elif isinstance(block, ListBlock):
        for index, item in enumerate(value):
            yield from required_paths(block.child_block, item, (*path, index))
    elif isinstance(block, blocks.FieldBlock) and block.required:
        yield path, block


def set_at(value, path, new):
    *parents, last = path
    for key in parents:
        value = value[key]
    value[last] = new


def error_at(error, path):
    for key in path:
        error = error.block_errors[key]
    return error


def posted_empty(field_block):
    """The value an empty input of this block arrives as, when the admin form is posted."""
    return field_block.value_from_datadict({"field": ""}, {}, "field")


def draft_cases():
    for cls, sample in SAMPLES.items():
        block = block_under_test(cls)
        for path, field_block in required_paths(block, block.to_python(sample)):
            yield pytest.param(cls, path, field_block, id=f"{cls.__name__}-{'.'.join(map(str, path))}")


def test_every_block_with_its_own_clean_is_tested():
    assert block_classes_with_custom_clean() == set(SAMPLES)


@pytest.mark.parametrize("cls", SAMPLES, ids=lambda cls: cls.__name__)
def test_the_samples_are_complete_and_valid(cls):
    block = block_under_test(cls)
    block.clean(block.to_python(SAMPLES[cls]))
    block.clean_deferred(block.to_python(SAMPLES[cls]))


@pytest.mark.parametrize(("cls", "path", "field_block"), list(draft_cases()))
def test_a_draft_with_a_required_field_left_empty_saves_and_publishing_names_the_field(cls, path, field_block):
    block = block_under_test(cls)
    value = block.to_python(SAMPLES[cls])
    set_at(value, path, posted_empty(field_block))

    # Saving a draft or an autosave: Wagtail calls clean_deferred on the stream, which reaches this block.
    cleaned = block.clean_deferred(value)
    left_empty = cleaned
    for key in path:
        left_empty = left_empty[key]
    assert left_empty in (None, "")

    # Publishing: the same value is refused, with the error on the empty field.
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert error_at(error.value, path).messages == ["This field is required."]


def day_value(*slots, date="2018-10-16"):
    return AgendaDayBlock().to_python(
        {"date": date, "town": "Sisak", "slots": [{**SLOT_SAMPLE, "sub_items": [], **slot} for slot in slots]}
    )


def test_a_draft_still_refuses_a_slot_that_ends_before_it_starts():
    block = AgendaSlotBlock()
    with pytest.raises(ValidationError) as error:
        block.clean_deferred(block.to_python({**SLOT_SAMPLE, "start": "16:30", "end": "14:30", "title": ""}))
    assert error.value.block_errors["end"].messages == ["The slot ends before it starts."]


def test_a_slot_with_an_end_but_no_start_saves_as_a_draft():
    block = AgendaSlotBlock()
    cleaned = block.clean_deferred(block.to_python({**SLOT_SAMPLE, "start": "", "end": "14:30"}))
    assert cleaned["start"] is None and cleaned["end"] == T(14, 30)


def test_a_draft_still_refuses_overlapping_slots_next_to_a_slot_without_start():
    value = day_value(
        {"start": "", "title": "Not timed yet"},
        {"start": "10:00", "end": "11:00", "title": ""},
        {"start": "10:30", "end": "11:30", "title": "Coffee"},
    )
    with pytest.raises(ValidationError) as error:
        AgendaDayBlock().clean_deferred(value)
    slot_errors = error.value.block_errors["slots"].block_errors
    assert list(slot_errors) == [2]
    # The earlier slot has no title yet: the message names it by its time.
    assert slot_errors[2].block_errors["start"].messages == [
        "This slot overlaps “10:00” for the same audience. Give parallel slots different audiences."
    ]


def test_a_day_lists_slots_without_start_last_and_renders_them():
    value = day_value(
        {"start": "", "title": "Not timed yet"},
        {"start": "11:00", "end": "12:00", "title": "Later"},
        {"start": "09:00", "end": "10:00", "title": "Earlier"},
        date="",
    )
    value = AgendaDayBlock().clean_deferred(value)
    assert [[slot["title"] for slot in group] for group in value.slot_groups()] == [["Earlier"], ["Later"], ["Not timed yet"]]
    html = AgendaDayBlock().render(value)
    assert "Date not set" in html and "Time not set" in html
    assert 'datetime="09:00"' in html  # no date to prefix the time with


def test_a_call_to_action_without_link_saves_as_a_draft_and_publishing_asks_for_one():
    block = CallToActionBlock()
    value = block.to_python({**SAMPLES[CallToActionBlock], "link_url": ""})
    block.clean_deferred(value)
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "not both and not neither" in error.value.block_errors["link_url"].messages[0]


@pytest.mark.django_db
def test_a_call_to_action_with_two_links_is_refused_even_in_a_draft(home_page):
    block = CallToActionBlock()
    value = block.to_python({**SAMPLES[CallToActionBlock], "link_page": home_page.pk})
    with pytest.raises(ValidationError) as error:
        block.clean_deferred(value)
    assert "not both and not neither" in error.value.block_errors["link_url"].messages[0]


# Model and form clean() methods.


def custom_clean_methods():
    """(module, class, method) for every clean() and clean_<field>() written in the site's own code."""
    found = set()
    for package in PROJECT_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.ClassDef):
                    for item in node.body:
                        if isinstance(item, ast.FunctionDef) and item.name.startswith("clean"):
                            found.add((path.relative_to(ROOT).as_posix(), node.name, item.name))
    return found


# Each clean() that meets a page's missing values, with the test below that saves a draft through it; the
# others never meet a draft (uploads, searches, the translators' import).
DRAFT_CLEANS = {
    ("inducult/models.py", "HomePage", "clean"): "test_page_cleans_cope_with_missing_values",
    ("workpackages/models.py", "WorkPackagePage", "clean"): "test_page_cleans_cope_with_missing_values",
    ("events/models.py", "EventPage", "clean"): "test_coordinator_saves_a_draft_with_a_slot_without_start",
    ("publications/models.py", "PublicationPage", "clean"): "test_publication_draft_with_files_without_language",
    ("publications/models.py", "PublicationPageForm", "clean"): "test_publication_draft_with_files_without_language",
    ("translations/forms.py", "TranslatorGuardMixin", "clean"): "test_coordinator_saves_a_draft_with_a_slot_without_start",
}
NOT_DRAFT_CLEANS = {
    ("inducult/search.py", "SearchForm", "clean_q"),
    ("core/uploads.py", "SafeDocumentForm", "clean_file"),
    ("translations/forms.py", "ImportForm", "clean_file"),
}


def test_every_clean_method_of_the_site_is_accounted_for():
    block_cleans = {(f"{cls.__module__.split('.')[0]}/blocks.py", cls.__name__, "clean") for cls in SAMPLES}
    found = custom_clean_methods()
    # A new clean() must say whether drafts reach it (and which test saves a draft through it).
    assert found - set(DRAFT_CLEANS) - NOT_DRAFT_CLEANS - block_cleans == set()
    # The drafts' list names cleans that exist, each with its test.
    assert set(DRAFT_CLEANS) <= found
    for test_name in DRAFT_CLEANS.values():
        assert callable(globals()[test_name]), test_name


# Through the admin, as the editors do it.


@pytest.fixture
def meeting(home_page):
    EventIndexPageFactory(parent=home_page)
    partners = PartnerIndexPageFactory(parent=home_page)
    sisak = PartnerPageFactory(parent=partners, title="Sisak-Moslavina County", slug="sisak", country="HR")
    event = EventPageFactory(
        parent=sisak,
        title="5th partnership meeting",
        slug="5th-meeting",
        agenda=[
            agenda_day(
                datetime.date(2018, 10, 16),
                "Sisak",
                (T(10, 0), T(11, 0), "session", "Welcome", ""),
                (T(11, 0), T(12, 30), "session", "Work groups", ""),
            )
        ],
    )
    event.save_revision().publish()
    return event


@pytest.fixture
def coordinator(meeting):
    user = get_user_model().objects.create_user("coordinator-sisak", password="pw")
    add_coordinator(user=user, partner_page=meeting.get_parent().specific)
    return user


@pytest.fixture
def manager(home_page):
    user = get_user_model().objects.create_user("communication-manager", password="pw")
    add_communication_manager(user=user, site_root=home_page)
    return user


def agenda_post(event, *slots, date="2018-10-16", **extra):
    """The event's edit form as the browser posts it, with one agenda day holding these slots."""
    data = edit_form_data(
        event, agenda_en=streamfield([("day", {"date": date, "town": "Sisak", "slots": list_block(list(slots))})])
    )
    revision = event.latest_revision
    data.update(loaded_revision_id=str(revision.pk), loaded_revision_created_at=revision.created_at.isoformat(), **extra)
    return data


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def latest_draft(page):
    return EventPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_coordinator_saves_a_draft_with_a_slot_without_start(client, meeting, coordinator):
    client.force_login(coordinator)
    slots = [agenda_slot_form("", "11:00", "Welcome"), agenda_slot_form("11:00", "12:30", "Work groups")]

    response = client.post(edit_url(meeting), agenda_post(meeting, *slots))

    assert response.status_code == 302
    assert response.url == edit_url(meeting)
    draft_slots = latest_draft(meeting).agenda_en[0].value["slots"]
    assert [(slot["start"], slot["title"]) for slot in draft_slots] == [(None, "Welcome"), (T(11, 0), "Work groups")]
    # The live page keeps its complete agenda until the draft is published.
    live = EventPage.objects.get(pk=meeting.pk)
    assert live.agenda_en[0].value["slots"][0]["start"] == T(10, 0)
    assert live.has_unpublished_changes

    response = client.get(edit_url(meeting))
    assert response.status_code == 200
    assert "has been updated" in " ".join(str(message) for message in response.context["messages"])


def test_a_draft_with_a_day_without_date_saves(client, meeting, coordinator):
    client.force_login(coordinator)
    response = client.post(edit_url(meeting), agenda_post(meeting, agenda_slot_form("10:00", "11:00", "Welcome"), date=""))
    assert response.status_code == 302
    assert latest_draft(meeting).agenda_en[0].value["date"] is None


def test_autosave_of_a_slot_without_start_answers_success(client, meeting, coordinator):
    client.force_login(coordinator)
    # What Wagtail 8's autosave sends: the whole form, no action button, asking for JSON.
    response = client.post(
        edit_url(meeting),
        agenda_post(meeting, agenda_slot_form("", "11:00", "Welcome"), agenda_slot_form("10:30", "", "")),
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    answer = json.loads(response.content)
    assert answer["success"] is True
    assert answer["revision_id"] == EventPage.objects.get(pk=meeting.pk).latest_revision_id
    assert [slot["start"] for slot in latest_draft(meeting).agenda_en[0].value["slots"]] == [None, T(10, 30)]


def test_autosave_of_a_real_clash_answers_a_validation_error_not_a_server_error(client, meeting, coordinator):
    client.force_login(coordinator)
    response = client.post(
        edit_url(meeting),
        agenda_post(meeting, agenda_slot_form("10:00", "11:00", "Welcome"), agenda_slot_form("10:30", "", "")),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert json.loads(response.content)["error_code"] == "validation_error"


def test_publishing_a_slot_without_start_shows_the_error_on_the_start(client, meeting, manager):
    client.force_login(manager)
    revisions_before = meeting.revisions.count()
    response = client.post(
        edit_url(meeting),
        agenda_post(
            meeting, agenda_slot_form("", "11:00", "Welcome"), agenda_slot_form("11:00", "12:30", ""), **{"action-publish": "1"}
        ),
    )

    assert response.status_code == 200
    assert "The page could not be saved due to validation errors" in response.content.decode()
    agenda_error = response.context["form"].errors["agenda_en"].as_data()[0]
    slot_errors = agenda_error.block_errors[0].block_errors["slots"].block_errors
    assert slot_errors[0].block_errors["start"].messages == ["This field is required."]
    assert slot_errors[1].block_errors["title"].messages == ["This field is required."]
    assert meeting.revisions.count() == revisions_before
    assert EventPage.objects.get(pk=meeting.pk).agenda_en[0].value["slots"][0]["start"] == T(10, 0)


def test_preview_and_view_draft_of_a_slot_without_start(client, meeting, coordinator):
    client.force_login(coordinator)
    data = agenda_post(meeting, agenda_slot_form("", "11:00", "Welcome"), agenda_slot_form("11:00", "12:30", "Work groups"))

    # The live preview posts the form as it stands, then loads the preview.
    preview_url = f"/admin/pages/{meeting.pk}/edit/preview/"
    response = client.post(preview_url, data)
    assert json.loads(response.content) == {"is_valid": True, "is_available": True}
    response = client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Time not set" in html
    assert html.index("Work groups") < html.index("Welcome")  # the untimed slot comes last

    client.post(edit_url(meeting), data)
    response = client.get(f"/admin/pages/{meeting.pk}/view_draft/")
    assert response.status_code == 200
    assert "Time not set" in response.content.decode()


def post_draft_and_publish(client, page, data):
    """Save a draft of the page with this form data, then try to publish the same data."""
    draft = client.post(edit_url(page), data)
    published = client.post(edit_url(page), {**data, "action-publish": "1"})
    return draft, published


def form_errors(response):
    form = response.context["form"]
    return {name: [message for error in errors.as_data() for message in error.messages] for name, errors in form.errors.items()}


def test_page_cleans_cope_with_missing_values(client, admin_user, work_package):
    client.force_login(admin_user)
    home = work_package.get_parent().get_parent().specific
    home_data = nested_form_data(
        {
            **translated_values(home, "title", "slug", "subtitle", "objectives_intro"),
            **{f"nutshell_{code}": rich_text("") for code in LANGUAGE_CODES},
            **empty_streams("objectives", "highlights"),
            "start_date": "",
            "end_date": "2020-06-30",
        }
    )
    draft, published = post_draft_and_publish(client, home, home_data)
    assert draft.status_code == 302
    assert home.specific_class.objects.get(pk=home.pk).get_latest_revision_as_object().end_date == datetime.date(2020, 6, 30)
    assert published.status_code == 302  # the project's dates are optional: nothing is missing

    work_package_data = nested_form_data(
        {
            **translated_values(work_package, "title", "slug", "summary"),
            **{f"objectives_{code}": rich_text("") for code in LANGUAGE_CODES},
            **empty_streams("outputs"),
            "code": "",
            "lead_partner": "",
        }
    )
    draft, published = post_draft_and_publish(client, work_package, work_package_data)
    assert draft.status_code == 302
    assert type(work_package).objects.get(pk=work_package.pk).get_latest_revision_as_object().code == ""
    assert published.status_code == 200
    assert form_errors(published) == {"code": ["This field is required."]}
    assert type(work_package).objects.get(pk=work_package.pk).code == "T1"


@pytest.fixture
def publication(home_page):

    index = PublicationIndexPageFactory(parent=home_page)
    page = PublicationPageFactory(parent=index, title="Regional strategy", slug="regional-strategy")
    page.save_revision().publish()
    return page, [PdfDocumentFactory(), PdfDocumentFactory()]


def test_publication_draft_with_files_without_language(client, admin_user, publication):
    page, documents = publication
    client.force_login(admin_user)
    data = edit_form_data(page)
    data.update(
        nested_form_data({"files": inline_formset([{"language": "", "document": str(document.pk)} for document in documents])})
    )

    draft, published = post_draft_and_publish(client, page, data)

    assert draft.status_code == 302
    assert [file.language for file in type(page).objects.get(pk=page.pk).get_latest_revision_as_object().files.all()] == ["", ""]
    assert published.status_code == 200
    files = published.context["form"].formsets["files"]
    assert [form.errors for form in files.forms] == [{"language": ["This field is required."]}] * 2
    assert not files.non_form_errors() and not published.context["form"].non_field_errors()

    # The draft previews, its files without a language too.
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
