import datetime
import re

import pytest
from playwright.sync_api import expect

from publications.models import PublicationFile
from tests.core.factories import PdfDocumentFactory
from tests.inducult.factories import build_site
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory, PublicationTypeFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(transactional_db):
    home = build_site()
    index = PublicationIndexPageFactory(parent=home)
    work_packages = WorkPackageIndexPageFactory(parent=home)
    t1 = WorkPackagePageFactory(parent=work_packages, code="T1", title="Establishing the concept")
    t2 = WorkPackagePageFactory(parent=work_packages, code="T2", title="Regional identity")
    paper = PublicationTypeFactory(slug="argumentation-paper", name="Argumentation paper")
    wanted = PublicationPageFactory(
        parent=index,
        title="Regional argumentation paper",
        slug="t131",
        publication_type=paper,
        output_code="T1.3.1",
        work_package=t1,
        publication_date=datetime.date(2018, 3, 1),
    )
    PublicationFile.objects.create(publication=wanted, language="en", document=PdfDocumentFactory(title="Paper (en)"))
    PublicationPageFactory(parent=index, title="Mapping tool report", slug="mapping", work_package=t2)
    return wanted


def test_visitor_filters_the_library_opens_a_publication_and_downloads_its_pdf(library, live_server, page, screenshot_dir):
    page.goto(f"{live_server.url}/en/publications/")
    expect(page.locator(".publication-card")).to_have_count(2)

    page.get_by_label("Work package").select_option("T1")
    page.get_by_role("textbox", name="Search").fill("argumentation")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"work_package=T1.*q=argumentation|q=argumentation.*work_package=T1"))
    expect(page.locator(".publication-card")).to_have_count(1)
    page.screenshot(path=screenshot_dir / "library-filtered.png", full_page=True)
    page.get_by_role("link", name="Regional argumentation paper").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Regional argumentation paper")
    expect(page.locator(".citation__text")).to_contain_text("Output T1.3.1.")
    with page.expect_download() as download_info:
        page.locator(".file a").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
