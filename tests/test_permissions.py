"""Coordinators edit only their own partner's content and publish nothing without approval."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from partners.services import COMMUNICATION_MANAGERS, add_communication_manager, add_coordinator, coordinators_group_name
from tests.factories import (
    EventPageFactory,
    PartnerIndexPageFactory,
    PartnerPageFactory,
    PublicationPageFactory,
    StandardPageFactory,
)
from tests.utils import partner_form_data

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
    from events.models import EventPage
    from publications.models import PublicationPage

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
        f"/admin/pages/{other.pk}/edit/", partner_form_data(other, title_en="Taken over", **{"action-publish": "1"})
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
    client.post(f"/admin/pages/{partner.pk}/edit/", partner_form_data(partner, title_en="Renamed", **{"action-publish": "1"}))
    assert client.get(partner.url).content.decode().count("Renamed") == 0

    response = client.post(
        f"/admin/pages/{partner.pk}/edit/", partner_form_data(partner, title_en="Renamed", **{"action-submit": "1"})
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
    client.post(f"/admin/pages/{partner.pk}/edit/", partner_form_data(partner, title_en="Premature", **{"action-submit": "1"}))
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
