"""The page chooser and the reports show a coordinator other partners' pages only as visitors see them: live
pages by their published title, unpublished pages not at all. Their own partner's pages they see as they are."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from partners.services import add_communication_manager, add_coordinator, set_up_partner
from tests.inducult.factories import StandardPageFactory
from tests.partners.factories import PartnerIndexPageFactory, PartnerPageFactory

pytestmark = pytest.mark.django_db

SECRET = "Secret draft"
UNANNOUNCED = "Unannounced plan"


@pytest.fixture
def pages(home_page):
    """Two partners, each with a live report whose title change waits for approval and an unpublished plan;
    the partner pages have title changes waiting too. A coordinator of the first, a communication manager."""
    User = get_user_model()
    index = PartnerIndexPageFactory(parent=home_page)
    coordinator = User.objects.create_user("coordinator", password="pw")
    manager = User.objects.create_user("manager", password="pw")
    add_communication_manager(user=manager, site_root=home_page)
    found = {"index": index, "coordinator": coordinator, "manager": manager}
    for side in ("own", "other"):
        partner = PartnerPageFactory(parent=index, title=f"{side} partner", short_name=side.upper(), slug=f"{side}-partner")
        if side == "own":
            add_coordinator(user=coordinator, partner_page=partner)
        else:
            set_up_partner(partner_page=partner)
        report = StandardPageFactory(parent=partner, title=f"{side} report", slug=f"{side}-report")
        for page in (partner, report):
            page.save_revision().publish()
            page.title_en = f"{SECRET} {side} {page.slug}"
            page.save_revision()
        plan = StandardPageFactory(parent=partner, title=f"{UNANNOUNCED} {side}", slug=f"{side}-plan", live=False)
        plan.save_revision()
        found.update({f"{side} partner": partner, f"{side} report": report, f"{side} plan": plan})
    return found


def text(response):
    return response.content.decode()


def reveals_other(response):
    """Whether a response shows any of the other partner's unpublished text."""
    content = text(response)
    return f"{SECRET} other" in content or f"{UNANNOUNCED} other" in content or "other-plan" in content


def test_browsing_another_partner_shows_its_live_pages_by_their_published_titles(client, pages):
    client.force_login(pages["coordinator"])
    response = client.get(f"/admin/choose-page/{pages['other partner'].pk}/")
    assert response.status_code == 200
    assert not reveals_other(response)
    # The partner itself (the parent row and the breadcrumb) and its live report, by their published titles.
    assert "other partner" in text(response)
    assert "other report" in text(response)

    # Browsing into the unpublished plan shows nothing of it.
    response = client.get(f"/admin/choose-page/{pages['other plan'].pk}/")
    assert response.status_code in (302, 404)
    assert not reveals_other(response)

    # The partner index lists the other partner by its published title.
    response = client.get(f"/admin/choose-page/{pages['index'].pk}/")
    assert "other partner" in text(response) and not reveals_other(response)


def test_a_coordinator_sees_their_own_partners_drafts_in_the_chooser(client, pages):
    client.force_login(pages["coordinator"])
    response = client.get(f"/admin/choose-page/{pages['own partner'].pk}/")
    assert f"{SECRET} own" in text(response)
    assert f"{UNANNOUNCED} own" in text(response)
    response = client.get("/admin/choose-page/search/", {"q": UNANNOUNCED})
    assert f"{UNANNOUNCED} own" in text(response)


@pytest.mark.parametrize("query", [UNANNOUNCED, f"{UNANNOUNCED} other", "other-plan", SECRET, "Secret", "report"])
def test_chooser_search_finds_nothing_unpublished_of_another_partner(client, pages, query):
    client.force_login(pages["coordinator"])
    response = client.get("/admin/choose-page/search/", {"q": query})
    assert response.status_code == 200
    assert not reveals_other(response), query
    # The search box repeats what was asked; the results must not list the other partner's plan.
    assert f'data-id="{pages["other plan"].pk}"' not in text(response)


def test_chooser_search_finds_another_partners_live_page_by_its_published_title(client, pages):
    client.force_login(pages["coordinator"])
    response = client.get("/admin/choose-page/search/", {"q": "other report"})
    assert f'data-id="{pages["other report"].pk}"' in text(response)
    assert "other report" in text(response)
    assert not reveals_other(response)


def test_the_chosen_pages_answer_names_no_unpublished_page_of_another_partner(client, pages):
    client.force_login(pages["coordinator"])
    ids = [pages["other plan"].pk, pages["other report"].pk, pages["own plan"].pk]
    response = client.get("/admin/choose-page/chosen-multiple/", {"id": ids})
    assert response.status_code == 200
    assert not reveals_other(response)
    chosen = {item["id"]: item["adminTitle"] for item in response.json()["result"]}
    assert chosen == {pages["other report"].pk: "other report", pages["own plan"].pk: f"{UNANNOUNCED} own"}


@pytest.mark.parametrize("url", ["/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/"])
def test_the_page_types_report_shows_other_partners_pages_as_visitors_see_them(client, pages, url):
    # The other partner's plan is the last edited standard page, then its report.
    other_plan = Page.objects.get(pk=pages["other plan"].pk).specific
    other_plan.save_revision()

    client.force_login(pages["manager"])
    assert f"{UNANNOUNCED} other" in text(client.get(url))  # the control: the report names it to a manager

    client.force_login(pages["coordinator"])
    response = client.get(url)
    assert response.status_code == 200
    assert not reveals_other(response)
    # The other partner's live pages, by their published titles.
    assert "other report" in text(response) or "other partner" in text(response)


def test_a_communication_manager_sees_every_draft_in_the_chooser(client, pages):
    client.force_login(pages["manager"])
    response = client.get(f"/admin/choose-page/{pages['other partner'].pk}/")
    assert f"{SECRET} other" in text(response)
    assert f"{UNANNOUNCED} other" in text(response)
    response = client.get("/admin/choose-page/search/", {"q": UNANNOUNCED})
    assert f"{UNANNOUNCED} other" in text(response)


def test_titles_are_chosen_for_each_request_alone(client, pages):
    """A coordinator's request and then a manager's, on one thread: the manager sees the drafts again."""
    client.force_login(pages["coordinator"])
    assert not reveals_other(client.get(f"/admin/choose-page/{pages['other partner'].pk}/"))
    other_report = Page.objects.get(pk=pages["other report"].pk)
    # Outside any request, nobody is looking: the admin title is Wagtail's own.
    assert other_report.get_admin_display_title() == other_report.draft_title
    client.force_login(pages["manager"])
    assert f"{SECRET} other" in text(client.get(f"/admin/choose-page/{pages['other partner'].pk}/"))


@pytest.mark.parametrize("query", [UNANNOUNCED, SECRET, "other"])
def test_the_admin_search_and_the_explorer_api_find_nothing_unpublished_of_another_partner(client, pages, query):
    client.force_login(pages["coordinator"])
    for url in ("/admin/pages/search/", "/admin/pages/search/results/"):
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assert not reveals_other(response), (url, query)
    response = client.get("/admin/api/main/pages/", {"search": query})
    assert response.status_code == 200
    assert not reveals_other(response), query
