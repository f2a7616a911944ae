import re

import pytest
from playwright.sync_api import expect

from tests.inducult.factories import build_site
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    # live_server tests flush the database after each test, root page and locale included: build all of it.
    home = build_site(
        title_de="InduCult2.0",
        slug_de="start",
        nutshell_de="<p>Die Partnerschaft hat die Idee einer lebendigen Industriekultur etabliert.</p>",
    )
    index = WorkPackageIndexPageFactory(parent=home, title_de="Arbeitspakete", slug_de="arbeitspakete")
    WorkPackagePageFactory(parent=index, code="T1", title="Establishing the concept", title_de="Das Konzept etablieren")
    return home


def test_visitor_switches_the_home_page_to_german(site, live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".nutshell")).to_contain_text("The partnership established the idea")

    page.get_by_role("navigation", name="Language").get_by_role("link", name=re.compile("Deutsch")).click()

    expect(page).to_have_url(f"{live_server.url}/de/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".nutshell")).to_contain_text("lebendigen Industriekultur")
    expect(page.get_by_role("navigation", name=re.compile("Haupt|Main"))).to_contain_text("Arbeitspakete")
    page.screenshot(path=screenshot_dir / "home-de.png", full_page=True)

    page.get_by_role("link", name=re.compile("Das Konzept etablieren")).click()
    expect(page.locator("h1")).to_have_text("Das Konzept etablieren")
    expect(page.locator("html")).to_have_attribute("lang", "de")
