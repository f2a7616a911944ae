"""Coordinators edit only their own partner's content and publish nothing without approval."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, WorkflowState

from events.models import EventPage, EventType
from inducult.models import SiteSettings, StandardPage
from partners.services import (
    COMMUNICATION_MANAGERS,
    add_communication_manager,
    add_coordinator,
    coordinators_group_name,
    set_up_partner,
)
from publications.models import PublicationPage, PublicationType
from tests.admin_forms import edit_form_data
from tests.core.factories import PdfDocumentFactory
from tests.events.factories import EventPageFactory, EventTypeFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationPageFactory, PublicationTypeFactory

pytestmark = pytest.mark.django_db

PARTNER_COUNT = 10


@pytest.fixture
def partnership(home_page):
    """Ten partners, each with one coordinator, and a communication manager."""
    User = get_user_model()
    index = PartnerIndexPageFactory(parent=home_page)
    partners, coordinators = [], []
    for number in range(PARTNER_COUNT):
        partner = PartnerPageFactory(parent=index, short_name=f"P{number}", slug=f"partner-{number}")
        StandardPageFactory(parent=partner, title=f"Pilot action report {number}", slug=f"report-{number}")
        EventPageFactory(parent=partner, title=f"Regional event {number}", slug=f"event-{number}")
        PublicationPageFactory(parent=partner, title=f"Regional strategy {number}", slug=f"strategy-{number}")
        user = User.objects.create_user(f"coordinator{number}", password="pw")
        add_coordinator(user=user, partner_page=partner)
        partners.append(partner)
        coordinators.append(user)
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    return {"index": index, "partners": partners, "coordinators": coordinators, "manager": manager}


def test_permission_matrix_over_all_partners(partnership):
    partners, coordinators = partnership["partners"], partnership["coordinators"]
    for i, coordinator in enumerate(coordinators):
        for j, partner in enumerate(partners):
            own = i == j
            # The partner page itself, and the standard page, event and publication it owns.
            for page in (partner, *partner.get_children().specific()):
                permissions = page.permissions_for_user(coordinator)
                assert permissions.can_edit() is own, (coordinator.username, page.title)
                assert permissions.can_publish() is False, (coordinator.username, page.title)
                assert permissions.can_unpublish() is False
                # Events and publications are leaves: nobody adds pages below them.
                assert permissions.can_add_subpage() is (own and bool(page.allowed_subpage_models()))
                if not own:
                    assert permissions.can_delete() is False
                    assert permissions.can_move() is False
        # Nor anything outside the partners: the home page and the partner index stay theirs to read only.
        for page in (partnership["index"], partnership["index"].get_parent()):
            assert page.permissions_for_user(coordinator).can_edit() is False


def test_each_partner_has_its_own_coordinators_group(partnership):
    for partner, coordinator in zip(partnership["partners"], partnership["coordinators"], strict=True):
        assert list(coordinator.groups.values_list("name", flat=True)) == [coordinators_group_name(partner)]
    assert Group.objects.filter(name__startswith="Coordinators – ").count() == PARTNER_COUNT


def test_communication_managers_can_edit_and_publish_every_partner(partnership):
    for partner in partnership["partners"]:
        permissions = partner.permissions_for_user(partnership["manager"])
        assert permissions.can_edit() and permissions.can_publish()
    assert partnership["manager"].groups.filter(name=COMMUNICATION_MANAGERS).exists()


def test_coordinators_may_add_events_and_publications_only_under_their_own_partner(partnership):

    own, other = partnership["partners"][0], partnership["partners"][1]
    coordinator = partnership["coordinators"][0]
    for page_type in (EventPage, PublicationPage):
        assert own.permissions_for_user(coordinator).can_add_subpage()
        assert page_type in own.specific.creatable_subpage_models()
        assert not other.permissions_for_user(coordinator).can_add_subpage()
    events_of_other = other.get_children().type(EventPage).first()
    assert events_of_other.permissions_for_user(coordinator).can_edit() is False


def test_server_refuses_a_forged_edit_of_another_partners_page(client, partnership):
    own, other = partnership["partners"][0], partnership["partners"][1]
    client.force_login(partnership["coordinators"][0])
    response = client.post(
        f"/admin/pages/{other.pk}/edit/", edit_form_data(other, title_en="Taken over", **{"action-publish": "1"})
    )
    assert response.status_code in (302, 403)
    other.refresh_from_db()
    assert other.title_en != "Taken over"
    assert other.latest_revision is None or "Taken over" not in str(other.latest_revision.content)
    # The forged deletion and move are refused too.
    client.post(f"/admin/pages/{other.pk}/delete/")
    assert type(other).objects.filter(pk=other.pk).exists()
    client.post(f"/admin/pages/{other.pk}/move/{own.pk}/confirm/")
    other.refresh_from_db()
    assert other.get_parent().pk == partnership["index"].pk


def test_coordinators_edit_goes_live_only_after_approval(client, partnership):
    partner, coordinator, manager = partnership["partners"][0], partnership["coordinators"][0], partnership["manager"]
    client.force_login(coordinator)

    # Trying to publish directly does not publish.
    client.post(f"/admin/pages/{partner.pk}/edit/", edit_form_data(partner, title_en="Renamed", **{"action-publish": "1"}))
    assert client.get(partner.url).content.decode().count("Renamed") == 0

    response = client.post(
        f"/admin/pages/{partner.pk}/edit/", edit_form_data(partner, title_en="Renamed", **{"action-submit": "1"})
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(partner.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.workflow.name == "Partner content approval"
    client.logout()
    assert "Renamed" not in client.get(partner.url).content.decode()

    client.force_login(manager)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{partner.pk}/approve/{task_state.pk}/", {"comment": "Thanks, published."}
    )
    assert response.status_code == 302
    client.logout()
    assert "Renamed" in client.get(partner.url).content.decode()


def test_rejection_keeps_the_live_page_and_records_the_comment(client, partnership):
    partner, coordinator, manager = partnership["partners"][2], partnership["coordinators"][2], partnership["manager"]
    client.force_login(coordinator)
    client.post(f"/admin/pages/{partner.pk}/edit/", edit_form_data(partner, title_en="Premature", **{"action-submit": "1"}))
    state = WorkflowState.objects.get(object_id=str(partner.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    client.force_login(manager)
    client.post(
        f"/admin/pages/workflow/action/{partner.pk}/reject/{state.current_task_state.pk}/", {"comment": "Please add the sources."}
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Please add the sources."
    client.logout()
    assert "Premature" not in client.get(partner.url).content.decode()


def test_add_coordinator_command(partnership):
    from django.core.management import CommandError, call_command

    User = get_user_model()
    user = User.objects.create_user("newcomer", password="pw")
    call_command("add_coordinator", "newcomer", "P3", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert partnership["partners"][3].permissions_for_user(user).can_edit()
    assert not partnership["partners"][4].permissions_for_user(user).can_edit()
    with pytest.raises(CommandError, match="No partner"):
        call_command("add_coordinator", "newcomer", "nobody")
    with pytest.raises(CommandError, match="No user"):
        call_command("add_coordinator", "ghost", "P3")


# Forged requests: a coordinator calls the admin's URLs directly, for things the admin never offers them.

SECRET = "Secret draft"


@pytest.fixture
def rivals(home_page):
    """Two partners with a page, an event and a publication each, all published with an older revision and
    an unpublished draft; a coordinator of the first partner; both partners' media; a site setting."""
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Collection

    index = PartnerIndexPageFactory(parent=home_page)
    User = get_user_model()
    coordinator = User.objects.create_user("coordinator", password="pw")
    pages = {}
    for side in ("own", "other"):
        partner = PartnerPageFactory(parent=index, title=f"{side} partner", short_name=side.upper(), slug=f"{side}-partner")
        group = add_coordinator(user=coordinator, partner_page=partner) if side == "own" else set_up_partner(partner_page=partner)
        pages[side] = [
            partner,
            StandardPageFactory(parent=partner, title=f"{side} report", slug=f"{side}-report"),
            EventPageFactory(parent=partner, title=f"{side} event", slug=f"{side}-event"),
            PublicationPageFactory(parent=partner, title=f"{side} strategy", slug=f"{side}-strategy"),
        ]
        for page in pages[side]:
            page.save_revision().publish()
            page.title = f"{page.title} (published)"
            page.save_revision().publish()
            page.title_en = f"{SECRET} of {page.title}"
            page.save_revision()
        collection = Collection.objects.get(name=partner.display_name)
        wagtail_factories.ImageFactory(title=f"{side} photo", collection=collection)
        PdfDocumentFactory(title=f"{side} leaflet", collection=collection)
        pages[f"{side} group"] = group
    # Types no page uses, so that deleting them is possible at all (used ones are protected).
    EventTypeFactory(name="Unused event type", slug="unused")
    PublicationTypeFactory(name="Unused publication type", slug="unused")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.privacy_page = pages["own"][1]
    settings.save()
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    return {**pages, "index": index, "coordinator": coordinator, "images": Image, "documents": Document}


def snapshot(rivals):
    """Everything a forged request might change, as plain data. Coordinators may save drafts of their own
    pages, so only the other partner's pages must not gain a revision."""
    from django.contrib.auth.models import Group
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Page, PageViewRestriction, Revision

    User = get_user_model()
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "title_en", "slug_en", "url_path_en", "path", "live", "locked", "live_revision_id"
            )
        ),
        "other's revisions": list(
            Revision.objects.filter(object_id__in=[str(page.pk) for page in rivals["other"]]).values_list("pk", flat=True)
        ),
        "restrictions": PageViewRestriction.objects.count(),
        "workflows": list(WorkflowState.objects.values_list("pk", "status")),
        "event types": list(EventType.objects.order_by("pk").values_list("pk", "name", "slug")),
        "publication types": list(PublicationType.objects.order_by("pk").values_list("pk", "name", "slug")),
        "settings": list(SiteSettings.objects.values_list("imprint_page", "privacy_page", "accessibility_page")),
        "images": list(Image.objects.order_by("pk").values_list("pk", "title", "collection")),
        "documents": list(Document.objects.order_by("pk").values_list("pk", "title", "collection")),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "is_superuser", "is_staff", "is_active")),
        "memberships": sorted(User.groups.through.objects.values_list("user_id", "group_id")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group permissions": sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
    }


def forged_requests(rivals):
    """What a coordinator might send: (description, method, url, data)."""

    own_partner, own_report, own_event, own_publication = rivals["own"]
    other_partner = rivals["other"][0]
    requests = []
    for page in rivals["other"]:
        old = page.revisions.order_by("pk").first().pk
        new = page.latest_revision.pk
        moved_to = own_partner.pk if page != other_partner else rivals["index"].pk
        requests += [
            ("edit and publish", "post", f"/admin/pages/{page.pk}/edit/", live_form(page, **{"action-publish": "1"})),
            ("edit and submit", "post", f"/admin/pages/{page.pk}/edit/", live_form(page, **{"action-submit": "1"})),
            ("open the editor", "get", f"/admin/pages/{page.pk}/edit/", {}),
            ("preview a change", "post", f"/admin/pages/{page.pk}/edit/preview/", live_form(page)),
            ("view the draft", "get", f"/admin/pages/{page.pk}/view_draft/", {}),
            ("view a revision", "get", f"/admin/pages/{page.pk}/revisions/{new}/view/", {}),
            ("compare revisions", "get", f"/admin/pages/{page.pk}/revisions/compare/{old}...{new}/", {}),
            ("revert", "get", f"/admin/pages/{page.pk}/revisions/{old}/revert/", {}),
            (
                "revert and publish",
                "post",
                f"/admin/pages/{page.pk}/edit/",
                live_form(page, revision=old, **{"action-publish": "1"}),
            ),
            ("unpublish", "post", f"/admin/pages/{page.pk}/unpublish/", {"include_descendants": "on"}),
            ("delete", "post", f"/admin/pages/{page.pk}/delete/", {}),
            ("move", "post", f"/admin/pages/{page.pk}/move/{moved_to}/confirm/", {}),
            ("reorder", "post", f"/admin/pages/{page.pk}/set_position/?position={new_position(page)}", {}),
            ("copy into own partner", "post", f"/admin/pages/{page.pk}/copy/", copy_form(page, own_partner)),
            ("lock", "post", f"/admin/pages/{page.pk}/lock/", {}),
            ("make private", "post", f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "login"}),
            ("history", "get", f"/admin/pages/{page.pk}/history/", {}),
            ("bulk publish", "post", f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {"include_descendants": "on"}),
            ("bulk unpublish", "post", f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", {"include_descendants": "on"}),
            ("bulk delete", "post", f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}", {}),
            ("bulk move", "post", f"/admin/bulk/wagtailcore/page/move/?id={page.pk}", {"chooser": moved_to}),
        ]
    requests += [
        ("add a report", "post", f"/admin/pages/add/inducult/standardpage/{other_partner.pk}/", new_report_form()),
        ("move own event away", "post", f"/admin/pages/{own_event.pk}/move/{other_partner.pk}/confirm/", {}),
        (
            "bulk move own pages away",
            "post",
            f"/admin/bulk/wagtailcore/page/move/?id={own_report.pk}",
            {"chooser": other_partner.pk},
        ),
        # Their own pages go live only through the approval workflow.
        ("publish own event", "post", f"/admin/pages/{own_event.pk}/edit/", live_form(own_event, **{"action-publish": "1"})),
        ("unpublish own page", "post", f"/admin/pages/{own_publication.pk}/unpublish/", {}),
        ("bulk publish own", "post", f"/admin/bulk/wagtailcore/page/publish/?id={own_event.pk}&id={own_report.pk}", {}),
        ("bulk unpublish own", "post", f"/admin/bulk/wagtailcore/page/unpublish/?id={own_publication.pk}", {}),
        ("bulk delete own live pages", "post", f"/admin/bulk/wagtailcore/page/delete/?id={own_report.pk}", {}),
    ]
    for app, model, name in (("events", EventType, "eventtype"), ("publications", PublicationType, "publicationtype")):
        snippet = model.objects.exclude(slug="unused").first()
        unused = model.objects.get(slug="unused")
        base = f"/admin/snippets/{app}/{name}"
        requests += [
            (f"add a {name}", "post", f"{base}/add/", snippet_form(snippet, slug="forged")),
            (f"edit a {name}", "post", f"{base}/edit/{snippet.pk}/", snippet_form(snippet)),
            (f"delete a {name}", "post", f"{base}/delete/{unused.pk}/", {}),
            (f"bulk delete {name}s", "post", f"/admin/bulk/{app}/{name}/delete/?id={unused.pk}", {}),
        ]
    other_image = rivals["images"].objects.get(title="other photo")
    other_document = rivals["documents"].objects.get(title="other leaflet")
    site = other_partner.get_site()
    mine = own_collection(rivals)
    requests += [
        ("site settings", "post", f"/admin/settings/inducult/sitesettings/{site.pk}/", {"privacy_page": other_partner.pk}),
        ("edit other's image", "post", f"/admin/images/{other_image.pk}/", {"title": "Forged", "collection": mine}),
        ("delete other's image", "post", f"/admin/images/{other_image.pk}/delete/", {}),
        ("bulk delete images", "post", f"/admin/bulk/wagtailimages/image/delete/?id={other_image.pk}", {}),
        ("edit other's document", "post", f"/admin/documents/edit/{other_document.pk}/", {"title": "Forged", "collection": mine}),
        ("delete other's document", "post", f"/admin/documents/delete/{other_document.pk}/", {}),
        ("make oneself a superuser", "post", f"/admin/users/edit/{rivals['coordinator'].pk}/", superuser_form(rivals)),
        ("give own group more rights", "post", f"/admin/groups/edit/{rivals['own group'].pk}/", group_form(rivals["own group"])),
        ("create a group", "post", "/admin/groups/new/", group_form(Group(name="Powerful"))),
    ]
    return requests


def live_form(page, **overrides):
    """The page's edit form as the editor's browser would send it, with a new title."""
    page = Page.objects.get(pk=page.pk).specific
    return edit_form_data(page, title_en="Taken over", **overrides)


def new_report_form():
    return edit_form_data(StandardPage(title="Taken over", slug="planted"), **{"action-publish": "1"})


def new_position(page):
    siblings = list(page.get_siblings().values_list("pk", flat=True))
    return 1 if siblings.index(page.pk) == 0 else 0


def copy_form(page, destination, **extra):
    return {
        "new_title_en": f"Copy of {page.title}",
        "new_slug_en": f"copy-of-{page.slug}",
        "new_parent_page": destination.pk,
        "copy_subpages": "on",
        "publish_copies": "on",
        **extra,
    }


def snippet_form(snippet, **overrides):
    fields = {field.name: getattr(snippet, field.name) for field in type(snippet)._meta.concrete_fields if field.name != "id"}
    return {**{name: "" if value is None else value for name, value in fields.items()}, "name_en": "Forged", **overrides}


def group_form(group):
    from django.contrib.auth.models import Permission

    management = {
        f"{prefix}-{name}": value
        for prefix in ("page_permissions", "image_permissions", "document_permissions", "collection_permissions")
        for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0), ("MIN_NUM_FORMS", 0), ("MAX_NUM_FORMS", 1000))
    }
    user_admin = Permission.objects.get(codename="change_user", content_type__app_label="auth")
    return {"name": group.name, "permissions": [user_admin.pk], **management}


def own_collection(rivals):
    from wagtail.models import Collection

    return Collection.objects.get(name=rivals["own"][0].display_name).pk


def superuser_form(rivals):
    user = rivals["coordinator"]
    return {"username": user.username, "email": "c@example.org", "first_name": "C", "last_name": "O", "is_superuser": "on"}


class RolledBack(Exception):
    pass


def revealed(response):
    """Whether the response shows a draft, or the forged change, or accepted it for a preview."""
    content = "" if response.streaming else response.content.decode(errors="replace")
    accepted_preview = response.get("Content-Type") == "application/json" and '"is_valid": true' in content
    return SECRET in content or "Taken over" in content or accepted_preview


def test_forged_requests_of_a_coordinator_change_and_reveal_nothing(client, rivals, admin_user):
    requests = forged_requests(rivals)
    before = snapshot(rivals)
    client.force_login(rivals["coordinator"])
    answers = []
    for description, method, url, data in requests:
        response = getattr(client, method)(url, data)
        answers.append((description, url, response.status_code))
        assert response.status_code < 500, (description, url)
        # Another partner's unpublished draft, or the forged change, never reaches the coordinator.
        assert not revealed(response), (description, url)
    after = snapshot(rivals)
    for key in before:
        assert after[key] == before[key], (key, answers)

    # The control: each kind of request, sent by a superuser, does change or show something, so the
    # refusals above come from the permissions and not from a malformed request. Every kind is tried on the
    # other partner's event; the edit forms, which differ by page type, on all four pages.
    client.force_login(admin_user)
    event = rivals["other"][2].pk
    for description, method, url, data in requests:
        targets = [page.pk for page in rivals["other"] if f"/{page.pk}/" in url or url.endswith(f"?id={page.pk}")]
        if targets and targets != [event] and description != "edit and publish":
            continue
        try:
            with transaction.atomic():
                response = getattr(client, method)(url, data)
                changed = snapshot(rivals) != before
                assert changed or revealed(response), (description, url, response.status_code)
                raise RolledBack
        except RolledBack:
            pass


def test_a_coordinators_own_pages_go_live_only_through_someone_elses_approval(client, rivals):
    own_partner, own_report, own_event = rivals["own"][:3]
    client.force_login(rivals["coordinator"])
    # A copy, even one asked for as a published alias, is a draft.
    response = client.post(f"/admin/pages/{own_report.pk}/copy/", copy_form(own_report, own_partner, alias="on"))
    assert response.status_code == 302
    copy = Page.objects.get(slug_en=f"copy-of-{own_report.slug}")
    assert copy.get_parent().pk == own_partner.pk
    assert copy.live is False and copy.alias_of_id is None

    # A submission waits for the communication managers: its author can neither approve nor reject it.
    response = client.post(f"/admin/pages/{own_event.pk}/edit/", live_form(own_event, **{"action-submit": "1"}))
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(own_event.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state
    for action in ("approve", "reject"):
        url = f"/admin/pages/workflow/action/{own_event.pk}/{action}/{task_state.pk}/"
        response = client.post(url, {"comment": "Fine by me"})
        assert response.status_code in (302, 403)
    state.refresh_from_db()
    task_state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert task_state.status == task_state.STATUS_IN_PROGRESS
    assert "Taken over" not in client.get(own_event.url).content.decode()
