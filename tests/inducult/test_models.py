"""Page types as editors meet them: where each may be created, creating each in the admin, validation."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.blocks import CallToActionBlock
from events.models import EventIndexPage, EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerIndexPage, PartnerPage
from partners.services import coordinators_group_name
from publications.models import PublicationIndexPage, PublicationPage
from tests.admin_forms import LANGUAGE_CODES
from tests.core.factories import PdfDocumentFactory
from tests.inducult.factories import build_site
from tests.publications.factories import PublicationIndexPageFactory, PublicationTypeFactory
from tests.workpackages.factories import WorkPackageIndexPageFactory, WorkPackagePageFactory
from workpackages.models import WorkPackageIndexPage, WorkPackagePage


def translated(field, value, **other_languages):
    return {f"{field}_en": value, **{f"{field}_{code}": text for code, text in other_languages.items()}}


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_holds_the_site_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, WorkPackageIndexPage, PartnerIndexPage, EventIndexPage, PublicationIndexPage}
        )

    def test_work_packages_live_only_in_their_index(self):
        self.assertAllowedParentPageTypes(WorkPackagePage, {WorkPackageIndexPage})
        self.assertAllowedSubpageTypes(WorkPackageIndexPage, {WorkPackagePage})
        self.assertAllowedSubpageTypes(WorkPackagePage, set())

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage, PartnerPage})

    def test_partners_live_in_their_index_and_hold_their_own_pages(self):
        self.assertAllowedParentPageTypes(PartnerIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PartnerIndexPage, {PartnerPage})
        self.assertAllowedParentPageTypes(PartnerPage, {PartnerIndexPage})
        self.assertAllowedSubpageTypes(PartnerPage, {StandardPage, EventPage, PublicationPage})

    def test_publications_live_below_a_partner_or_the_library(self):
        self.assertAllowedParentPageTypes(PublicationIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(PublicationPage, {PartnerPage, PublicationIndexPage})
        self.assertAllowedSubpageTypes(PublicationPage, set())

    def test_events_live_below_a_partner_or_the_event_index(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(EventPage, {PartnerPage, EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())


class CreateInAdminTests(WagtailPageTestCase):
    """Editors create every page type through the Wagtail admin form, languages included."""

    def setUp(self):
        self.home = build_site()
        self.user = self.login()

    def test_create_standard_page(self):
        data = {
            **translated("title", "Imprint", de="Impressum"),
            **translated("slug", "imprint", de="impressum"),
            **translated("intro", "Who publishes this site."),
            **{f"body_{code}": streamfield([]) for code in ("en", "de", "cs", "pl", "sl", "hr", "it", "nl")},
        }
        self.assertCanCreate(self.home, StandardPage, nested_form_data(data))
        page = StandardPage.objects.get(slug_en="imprint")
        self.assertEqual(page.title_de, "Impressum")
        self.assertEqual(self.client.get("/de/impressum/").status_code, 200)

    def test_create_work_package_index_and_work_package(self):
        empty_streams = {f"outputs_{code}": streamfield([]) for code in ("en", "de", "cs", "pl", "sl", "hr", "it", "nl")}
        self.assertCanCreate(
            self.home,
            WorkPackageIndexPage,
            nested_form_data(
                {
                    **translated("title", "Work packages"),
                    **translated("slug", "work-packages"),
                    "intro_en": rich_text("<p>Four thematic work packages.</p>"),
                }
            ),
        )
        index = WorkPackageIndexPage.objects.get()
        data = {
            **translated("title", "Fostering creativity and innovation", de="Kreativität und Innovation fördern"),
            **translated("slug", "t4", de="t4-de"),
            "code": "T4",
            **translated("summary", "Creativity and innovation."),
            "objectives_en": rich_text("<p>Foster creativity.</p>"),
            **empty_streams,
            "outputs_en": streamfield([("output", {"title": "A result", "description": "", "link_url": ""})]),
        }
        self.assertCanCreate(index, WorkPackagePage, nested_form_data(data))
        work_package = WorkPackagePage.objects.get(code="T4")
        self.assertEqual(work_package.outputs_en[0].value["title"], "A result")
        self.assertContains(self.client.get("/de/work-packages/t4-de/"), "Kreativität und Innovation fördern")

    def test_create_home_page_under_the_root(self):
        data = {
            **translated("title", "Another site"),
            **translated("slug", "another"),
            "start_date": "2016-06-01",
            "end_date": "2019-05-31",
            **{
                f"{field}_{code}": streamfield([])
                for field in ("objectives", "highlights")
                for code in ("en", "de", "cs", "pl", "sl", "hr", "it", "nl")
            },
        }
        root = Page.get_first_root_node()
        # One overview per site: a second home page beside the first is refused.
        self.assertFalse(HomePage.can_create_at(root))
        self.home.delete()
        self.assertCanCreate(root, HomePage, nested_form_data(data))
        self.assertTrue(HomePage.objects.filter(slug_en="another", live=True).exists())

    def test_create_partner_index_and_partner_with_a_contact(self):
        self.assertCanCreate(
            self.home,
            PartnerIndexPage,
            nested_form_data({**translated("title", "Partners"), **translated("slug", "partners")}),
        )
        index = PartnerIndexPage.objects.get()
        data = {
            **translated("title", "Municipality of Leoben", de="Stadtgemeinde Leoben"),
            **translated("slug", "leoben"),
            **translated("town", "Leoben"),
            "short_name": "",
            "kind": "region",
            "role": "partner",
            "country": "AT",
            "latitude": "47.37650",
            "longitude": "15.09140",
            "website": "",
            **{f"{field}_{code}": streamfield([]) for field in ("description", "pilot_actions") for code in LANGUAGE_CODES},
            "pilot_actions_en": streamfield([("pilot_action", {"title": "A pilot action", "summary": "", "status": "ongoing"})]),
            "contacts": inline_formset([{"name": "Example Person", "role_en": "Coordinator", "email": "", "phone": ""}]),
        }
        self.assertCanCreate(index, PartnerPage, nested_form_data(data))
        partner = PartnerPage.objects.get(slug_en="leoben")
        self.assertEqual(partner.contacts.get().name, "Example Person")
        # Creating a partner in the admin sets up its coordinators' group and approval workflow by itself.
        self.assertTrue(partner.group_permissions.filter(group__name=coordinators_group_name(partner)).exists())
        self.assertEqual(partner.get_workflow().name, "Partner content approval")

    def test_partner_with_a_latitude_off_the_globe_is_a_form_error(self):
        index = PartnerIndexPage(title="Partners", slug="partners")
        self.home.add_child(instance=index)
        data = {
            **translated("title", "Nowhere"),
            **translated("slug", "nowhere"),
            "kind": "region",
            "role": "partner",
            "country": "AT",
            "latitude": "123",
            "longitude": "15",
            **{f"{field}_{code}": streamfield([]) for field in ("description", "pilot_actions") for code in LANGUAGE_CODES},
            "contacts": inline_formset([]),
        }
        response = self.client.post(f"/admin/pages/add/partners/partnerpage/{index.pk}/", nested_form_data(data))
        self.assertEqual(response.status_code, 200)
        self.assertIn("latitude", response.context["form"].errors)
        self.assertFalse(PartnerPage.objects.exists())

    def test_create_publication_with_files_in_two_languages(self):

        index = PublicationIndexPageFactory(parent=self.home)
        paper = PublicationTypeFactory(slug="argumentation-paper", name="Argumentation paper")
        english, czech = PdfDocumentFactory(), PdfDocumentFactory()
        data = {
            **translated("title", "Regional argumentation paper", cs="Regionální argumentační dokument"),
            **translated("slug", "t131"),
            "publication_type": str(paper.pk),
            "output_code": "T1.3.1",
            "publication_date": "2018-03-01",
            "work_package": "",
            "authors": "",
            "online_url": "",
            "licence": "cc-by-4.0",
            "cover_image": "",
            "files": inline_formset(
                [{"language": "en", "document": str(english.pk)}, {"language": "cs", "document": str(czech.pk)}]
            ),
        }
        self.assertCanCreate(index, PublicationPage, nested_form_data(data))
        publication = PublicationPage.objects.get(slug_en="t131")
        self.assertEqual([file.language for file in publication.files_for_language("cs")], ["cs", "en"])

        # The same language twice is a form error, and nothing is saved.
        data.update(translated("slug", "t131-twice"))
        data["files"] = inline_formset(
            [{"language": "en", "document": str(english.pk)}, {"language": "en", "document": str(czech.pk)}]
        )
        response = self.client.post(f"/admin/pages/add/publications/publicationpage/{index.pk}/", nested_form_data(data))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "one document per language")
        self.assertFalse(PublicationPage.objects.filter(slug_en="t131-twice").exists())

    def test_home_page_with_end_before_start_is_a_form_error(self):
        response = self.client.post(
            f"/admin/pages/{self.home.pk}/edit/",
            nested_form_data(
                {
                    **translated("title", "InduCult2.0"),
                    **translated("slug", "home"),
                    "start_date": "2019-05-31",
                    "end_date": "2016-06-01",
                    **{
                        f"{field}_{code}": streamfield([])
                        for field in ("objectives", "highlights")
                        for code in ("en", "de", "cs", "pl", "sl", "hr", "it", "nl")
                    },
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("end_date", response.context["form"].errors)
        self.home.refresh_from_db()
        self.assertEqual(str(self.home.end_date), "2019-05-31")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["T1", "T12", "M", "C2"])
def test_work_package_codes_accepted(code):
    WorkPackagePage(title="x", slug="x", code=code).full_clean(exclude=["path", "depth", "content_type", "locale"])


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["t1", "T123", "1", "", "T 1", "TOOLONG"])
def test_work_package_codes_rejected(code):
    with pytest.raises(ValidationError) as error:
        WorkPackagePage(title="x", slug="x", code=code).full_clean(exclude=["path", "depth", "content_type", "locale"])
    assert "code" in error.value.message_dict


@pytest.mark.django_db
def test_work_package_code_must_be_unique(home_page):
    index = WorkPackageIndexPageFactory(parent=home_page)
    WorkPackagePageFactory(parent=index, code="T1")
    duplicate = WorkPackagePage(title="Another", slug="another", code="T1")
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "code" in error.value.message_dict


@pytest.mark.parametrize(
    "link",
    [{"link_page": None, "link_url": ""}, {"link_page": "page", "link_url": "https://example.org/"}],
    ids=["neither", "both"],
)
@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_link(home_page, link):
    block = CallToActionBlock()
    value = block.to_python(
        {
            "heading": "Looking for touristic offers?",
            "text": "",
            "link_label": "Go",
            "link_page": home_page.pk if link["link_page"] else None,
            "link_url": link["link_url"],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_call_to_action_resolves_a_page_link_in_the_active_language(home_page, work_package_index):
    from django.utils import translation

    block = CallToActionBlock()
    value = block.clean(
        block.to_python(
            {
                "heading": "Work packages",
                "text": "",
                "link_label": "Go",
                "link_page": work_package_index.pk,
                "link_url": "",
            }
        )
    )
    with translation.override("de"):
        assert value.url() == "/de/arbeitspakete/"
    assert value.is_external() is False
