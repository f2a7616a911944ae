"""A German translator finds a page to translate in the overview, fills its German fields and publishes them."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.inducult.factories import build_site
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory
from translations.roles import add_translator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work_package(transactional_db):
    home = build_site(title_de="InduCult2.0", subtitle_de="Industriekultur in Mitteleuropa nutzen")
    index = WorkPackageIndexPageFactory(parent=home, title_de="Arbeitspakete")
    page = WorkPackagePageFactory(
        parent=index,
        code="T3",
        title="Deploying Industrial Culture for securing the labour force",
        slug="t3-labour-force",
        summary="The work package deployed Industrial Culture for securing the labour force.",
    )
    page.save_revision().publish()
    translator = get_user_model().objects.create_user("translator", password="pw")
    add_translator(user=translator, language="de")
    return page


def test_a_german_translator_fills_a_page_and_sees_it_complete(work_package, live_server, page, screenshot_dir):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "translator")
    page.fill("#id_password", "pw")
    page.get_by_role("button", name=re.compile("Sign in|Log in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.get_by_role("link", name="Translations").first.click()
    page.locator("#id_language").select_option("de")
    page.get_by_role("button", name="Show").click()
    row = page.get_by_role("row", name=re.compile("Deploying Industrial Culture"))
    cell = row.locator('td[data-language="de"]')
    expect(cell).to_have_attribute("data-state", "missing")
    expect(cell).to_contain_text("Missing")
    page.screenshot(path=screenshot_dir / "translations-overview-before.png", full_page=True)

    cell.get_by_role("link", name=re.compile("^Missing")).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{work_package.pk}/edit/\?translate=de"))
    # The link shows the German fields beside the English ones; English is read-only for a translator.
    title_de = page.locator("#id_title_de")
    expect(title_de).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_disabled()
    expect(page.locator("#id_code")).to_be_disabled()
    title_de.fill("Industriekultur zur Fachkräftesicherung einsetzen")
    page.locator("#id_summary_de").fill("Das Arbeitspaket setzte Industriekultur zur Sicherung der Fachkräfte ein.")
    page.screenshot(path=screenshot_dir / "translations-editing-de.png", full_page=True)
    page.get_by_role("button", name="Publish translation").click()

    # Back in the overview (German only), the page's cell is complete and its translation is live.
    expect(page).to_have_url(re.compile(r"/admin/translations/\?language=de"))
    expect(page.get_by_text("The translation of")).to_be_visible()
    cell = page.get_by_role("row", name=re.compile("Deploying Industrial Culture")).locator('td[data-language="de"]')
    expect(cell).to_have_attribute("data-state", "complete")
    expect(cell).to_contain_text("Complete")
    page.screenshot(path=screenshot_dir / "translations-overview-after.png", full_page=True)
    work_package.refresh_from_db()
    assert work_package.summary_de == "Das Arbeitspaket setzte Industriekultur zur Sicherung der Fachkräfte ein."
    assert work_package.title_en == "Deploying Industrial Culture for securing the labour force"
    assert not [error for error in errors if "translation" in error.lower()], errors
