"""Deleting a partner never silently deletes or detaches its events, publications or work packages:
the admin's delete view and its bulk delete refuse with a message saying what to move first."""

import pytest
from django.db.models import RestrictedError
from wagtail.models import Page

from events.models import EventPage
from partners.models import PartnerPage
from publications.models import PublicationPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(home_page):
    index = PartnerIndexPageFactory(parent=home_page)
    events = EventIndexPageFactory(parent=home_page)
    library = PublicationIndexPageFactory(parent=home_page)
    owner = PartnerPageFactory(parent=index, title="Owner of content", slug="owner")
    host = PartnerPageFactory(parent=index, title="Host elsewhere", slug="host")
    author = PartnerPageFactory(parent=index, title="Author elsewhere", slug="author")
    lead = PartnerPageFactory(parent=index, title="Work package lead", slug="lead")
    alone = PartnerPageFactory(parent=index, title="Partner without content", slug="alone")
    StandardPageFactory(parent=alone, title="Pilot action report", slug="report")
    return {
        "home": home_page,
        "index": index,
        "owner": owner,
        "host": host,
        "author": author,
        "lead": lead,
        "alone": alone,
        "own event": EventPageFactory(parent=owner, title="Regional workshop", slug="workshop"),
        "own publication": PublicationPageFactory(parent=owner, title="Regional strategy", slug="strategy"),
        "hosted event": EventPageFactory(parent=events, title="Partnership meeting", slug="meeting", host_partners=[host]),
        "authored publication": PublicationPageFactory(
            parent=library, title="Joint handbook", slug="handbook", authoring_partners=[author]
        ),
        "work package": WorkPackagePageFactory(
            parent=WorkPackageIndexPageFactory(parent=home_page), title="Pilot actions", lead_partner=lead
        ),
    }


@pytest.fixture
def manager(client, admin_user):
    client.force_login(admin_user)
    return client


def exists(page):
    return Page.objects.filter(pk=page.pk).exists()


def error_messages(response):
    return [str(message) for message in response.wsgi_request._messages if message.level_tag == "error"]


@pytest.mark.parametrize(
    ("partner", "named"),
    [
        ("owner", ["Regional strategy", "Regional workshop"]),
        ("host", ["Partnership meeting"]),
        ("author", ["Joint handbook"]),
        ("lead", ["Pilot actions"]),
    ],
)
def test_deleting_a_partner_with_content_is_refused_with_a_clear_message(manager, tree, partner, named):
    page = tree[partner]
    for method in (manager.get, manager.post):
        response = method(f"/admin/pages/{page.pk}/delete/")
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{tree['index'].pk}/"
    # The same refusal for the confirmation page (GET) and the deletion itself (POST).
    [message] = set(error_messages(response))
    assert message.startswith(f"“{page.title}” was not deleted:")
    assert all(f"“{title}”" in message for title in named), message
    assert "Move" in message and "delete" in message
    assert exists(page)
    assert all(exists(tree[name]) for name in ("own event", "own publication", "hosted event", "authored publication"))
    assert list(EventPage.objects.get(pk=tree["hosted event"].pk).host_partners.all()) == [tree["host"]]
    assert list(PublicationPage.objects.get(pk=tree["authored publication"].pk).authoring_partners.all()) == [tree["author"]]
    tree["work package"].refresh_from_db()
    assert tree["work package"].lead_partner_id == tree["lead"].pk


def test_the_message_is_shown_to_the_editor(manager, tree):
    response = manager.post(f"/admin/pages/{tree['owner'].pk}/delete/", follow=True)
    assert response.status_code == 200
    assert "“Owner of content” was not deleted: 2 events, publications or work packages" in response.content.decode()


def test_a_partner_without_content_is_deleted_as_before(manager, tree):
    response = manager.post(f"/admin/pages/{tree['alone'].pk}/delete/")
    assert response.status_code == 302
    assert not exists(tree["alone"])


def test_a_partner_can_be_deleted_once_its_content_is_gone(manager, tree):
    for name in ("own event", "own publication"):
        assert manager.post(f"/admin/pages/{tree[name].pk}/delete/").status_code == 302
    assert manager.post(f"/admin/pages/{tree['owner'].pk}/delete/").status_code == 302
    assert not exists(tree["owner"])


def test_deleting_the_partner_index_is_refused_too(manager, tree):
    response = manager.post(f"/admin/pages/{tree['index'].pk}/delete/")
    assert response.status_code == 302
    [message] = error_messages(response)
    assert "was not deleted: 5 events, publications or work packages" in message
    assert "more" not in message
    assert PartnerPage.objects.count() == 5


def test_the_bulk_delete_refuses_all_or_nothing(manager, tree):
    ids = "&".join(f"id={tree[name].pk}" for name in ("alone", "owner"))
    listing = f"/admin/pages/{tree['index'].pk}/"
    response = manager.post(f"/admin/bulk/wagtailcore/page/delete/?next={listing}&{ids}")
    assert response.status_code == 302
    assert response["Location"] == listing
    [message] = error_messages(response)
    assert "“Partner without content”" in message.split(" was not deleted")[0]
    assert "“Owner of content”" in message.split(" was not deleted")[0]
    assert exists(tree["alone"]) and exists(tree["owner"]) and exists(tree["own event"])

    response = manager.post(f"/admin/bulk/wagtailcore/page/delete/?next={listing}&id={tree['alone'].pk}")
    assert response.status_code == 302
    assert not exists(tree["alone"])


def test_the_database_refuses_to_drop_a_work_packages_lead_partner_but_a_whole_site_can_go(tree):
    with pytest.raises(RestrictedError):
        PartnerPage.objects.get(pk=tree["lead"].pk).delete()
    assert exists(tree["lead"])
    tree["home"].delete()
    assert not PartnerPage.objects.exists() and not EventPage.objects.exists()
