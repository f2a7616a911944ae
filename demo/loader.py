"""Builds the demo site from demo.content. Each step checks what is already there, so loading again
keeps editors' changes and only adds what is missing."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Page, Site
from wagtail.users.models import UserProfile

from demo import content
from demo.pdf import one_page_pdf
from events.models import EventIndexPage, EventPage, EventType, EventVenue
from inducult.models import HomePage, SiteSettings, StandardPage
from partners.media_access import COMMON_COLLECTION, common_collection
from partners.models import PartnerContact, PartnerIndexPage, PartnerPage
from partners.services import add_communication_manager, add_coordinator, set_up_partner
from publications.models import PublicationFile, PublicationIndexPage, PublicationPage, PublicationType
from translations.models import TranslationSource
from translations.records import record_made_from, record_translations
from translations.roles import add_translator, ensure_translator_groups
from workpackages.models import WorkPackageIndexPage, WorkPackagePage

LANGUAGES_WITH_DEMO_TEXT = ("en", "de", "cs")
DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "inducult-demo"  # noqa: S105 - local demo only; the loader refuses to run in production
DEMO_MANAGER_USERNAME = "communication-manager"


def per_language(field, texts):
    """{"title_en": ..., "title_de": ...} for the languages a text has."""
    site_languages = {code for code, _name in settings.LANGUAGES}
    return {f"{field}_{code}": value for code, value in texts.items() if code in site_languages and value}


def stream_per_language(field, block_type, texts_by_language):
    return {f"{field}_{code}": [(block_type, text) for text in texts] for code, texts in texts_by_language.items() if texts}


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def replace_wagtail_welcome_page(home):
    """Point the default site at the home page and drop the page `wagtail` creates on first migrate."""
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "InduCult2.0"
    site.save()
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()


def ensure_wagtail_tree():
    """What Wagtail's migrations make (the root page, the default locale, the root collection), made again if
    the database has lost it (a flushed test database, a hand-emptied one)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


def load_home_page():
    ensure_wagtail_tree()
    existing = HomePage.objects.first()
    if existing:
        return existing, False
    root = Page.get_first_root_node()
    home = HomePage(
        **per_language("title", content.HOME["title"]),
        **per_language("slug", content.HOME["slug"]),
        **per_language("subtitle", content.HOME["subtitle"]),
        **per_language("nutshell", content.HOME["nutshell"]),
        **per_language("objectives_intro", content.HOME["objectives_intro"]),
        **stream_per_language("objectives", "objective", content.HOME["objectives"]),
        start_date=content.PROJECT_START,
        end_date=content.PROJECT_END,
    )
    publish(root, home)
    replace_wagtail_welcome_page(home)
    return home, True


def load_work_packages(home):
    index = WorkPackageIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish(
            home,
            WorkPackageIndexPage(
                **per_language("title", content.WORK_PACKAGE_INDEX["title"]),
                **per_language("slug", content.WORK_PACKAGE_INDEX["slug"]),
                **per_language("intro", content.WORK_PACKAGE_INDEX["intro"]),
                show_in_menus=True,
            ),
        )
    existing_codes = set(WorkPackagePage.objects.child_of(index).values_list("code", flat=True))
    created = []
    for work_package in content.WORK_PACKAGES:
        if work_package["code"] in existing_codes:
            continue
        outputs = {
            f"outputs_{code}": [
                (
                    "output",
                    {"title": output["title"][code], "description": output["description"][code], "link_url": ""},
                )
                for output in work_package["outputs"]
            ]
            for code in LANGUAGES_WITH_DEMO_TEXT
        }
        created.append(
            publish(
                index,
                WorkPackagePage(
                    code=work_package["code"],
                    **per_language("title", work_package["title"]),
                    **per_language("slug", work_package["slug"]),
                    **per_language("summary", work_package["summary"]),
                    **per_language("objectives", work_package["objectives"]),
                    **outputs,
                ),
            )
        )
    return index, created


def publish_section_index(home, page_class, texts):
    """Publish a section's index page in the menu.

    Sites loaded before the section had its own page type have a standard page in the menu in its
    place: the index takes over its slug and its place in the menu.
    """
    placeholder = StandardPage.objects.child_of(home).filter(slug_en=texts["slug"]["en"]).first()
    next_sibling = placeholder.get_next_sibling() if placeholder else None
    if placeholder is not None:
        placeholder.delete()
        home.refresh_from_db()
    index = publish(
        home,
        page_class(
            **per_language("title", texts["title"]),
            **per_language("slug", texts["slug"]),
            **per_language("intro", texts["intro"]),
            show_in_menus=True,
        ),
    )
    if next_sibling is not None:
        index.move(next_sibling, pos="left")
        index.refresh_from_db()
    return index


def load_partners(home):
    """The partner index and the ten partners, each with its coordinators' group and approval workflow."""
    index = PartnerIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_section_index(home, PartnerIndexPage, content.PARTNER_INDEX)
    existing = set(PartnerPage.objects.child_of(index).values_list("slug_en", flat=True))
    created = []
    for partner in content.PARTNERS:
        if partner["slug"] in existing:
            continue
        latitude, longitude = (Decimal(str(degrees)) for degrees in partner["location"])
        page = PartnerPage(
            **per_language("title", partner["title"]),
            slug_en=partner["slug"],
            short_name=partner["short_name"],
            country=partner["country"],
            kind=partner["kind"],
            role=partner["role"],
            **per_language("town", partner["town"]),
            latitude=latitude,
            longitude=longitude,
            **{f"description_{code}": [("paragraph", text)] for code, text in partner.get("description", {}).items()},
            **{
                f"pilot_actions_{code}": [
                    (
                        "pilot_action",
                        {
                            "title": action["title"].get(code, action["title"]["en"]),
                            "summary": action["summary"].get(code, action["summary"]["en"]),
                            "status": action.get("status", ""),
                        },
                    )
                    for action in partner["pilot_actions"]
                ]
                for code in ("en", "cs")
                if partner.get("pilot_actions")
            },
        )
        page.contacts = [
            PartnerContact(name=contact["name"], **per_language("role", contact["role"]))
            for contact in partner.get("contacts", [])
        ]
        publish(index, page)
        set_up_partner(partner_page=page)
        created.append(page)
    return index, created


def load_common_collection():
    """The “Common” collection, which every partner's coordinators may use and the communication managers
    fill; partners set up before it existed get their right to use it too. True if it was missing."""
    missing = not Collection.objects.filter(depth=2, name=COMMON_COLLECTION).exists()
    common_collection()
    for partner_page in PartnerPage.objects.order_by("path"):
        set_up_partner(partner_page=partner_page)
    return missing


def load_events(home):
    """Event types, the event index and the documented events, each under the partner that owns it."""
    for order, event_type in enumerate(content.EVENT_TYPES):
        EventType.objects.get_or_create(
            slug=event_type["slug"], defaults={"sort_order": order, **per_language("name", event_type["name"])}
        )
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_section_index(home, EventIndexPage, content.EVENT_INDEX)
    existing = set(EventPage.objects.values_list("slug_en", flat=True))
    partners = {partner.slug_en: partner for partner in PartnerPage.objects.all()}
    created = []
    for event in content.EVENTS:
        if event["slug"] in existing:
            continue
        page = EventPage(
            **per_language("title", event["title"]),
            slug_en=event["slug"],
            event_type=EventType.objects.get(slug=event["type"]),
            start_date=datetime.date.fromisoformat(event["start"]),
            end_date=datetime.date.fromisoformat(event["end"]),
            date_precision=event["precision"],
            time_zone=event["time_zone"],
            **per_language("summary", event["summary"]),
            **{f"body_{code}": [("paragraph", text)] for code, text in event.get("body", {}).items()},
            agenda_en=[("day", agenda_day(day)) for day in event.get("agenda", [])],
        )
        page.venues = [
            EventVenue(name_en=venue["name"], town_en=venue["town"], country=venue["country"]) for venue in event["venues"]
        ]
        page.host_partners = [partners[slug] for slug in event["hosts"] if slug in partners]
        parent = partners.get(event["owner"]) or index
        created.append(publish(parent, page))
    return index, created


def agenda_day(day):
    return {
        "date": datetime.date.fromisoformat(day["date"]),
        "town": day["town"],
        "slots": [
            {
                **slot,
                "start": datetime.time.fromisoformat(slot["start"]),
                "end": datetime.time.fromisoformat(slot["end"]) if slot["end"] else None,
            }
            for slot in day["slots"]
        ],
    }


def demo_coordinator_username(partner_page):
    return f"coordinator-{partner_page.slug_en}"


def load_demo_accounts(home):
    """One coordinator per partner and one communication manager, all with the demo password."""
    User = get_user_model()
    # One hash for all demo accounts: hashing a password is deliberately slow.
    demo_password_hash = make_password(DEMO_ADMIN_PASSWORD)
    added = []
    manager, created = User.objects.get_or_create(
        username=DEMO_MANAGER_USERNAME, defaults={"email": "communication-manager@example.org", "first_name": "Demo"}
    )
    if created:
        manager.password = demo_password_hash
        manager.save()
        add_communication_manager(user=manager, site_root=home)
        added.append(DEMO_MANAGER_USERNAME)
    for partner_page in PartnerPage.objects.order_by("path"):
        username = demo_coordinator_username(partner_page)
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.password = demo_password_hash
            user.save()
            add_coordinator(user=user, partner_page=partner_page)
            added.append(username)
    return added


def load_demo_translators():
    """The translators' groups, and one demo translator each for German and Czech."""
    ensure_translator_groups()
    User = get_user_model()
    added = []
    for username, language in content.DEMO_TRANSLATORS.items():
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
        if created:
            user.set_password(DEMO_ADMIN_PASSWORD)
            user.save()
            add_translator(user=user, language=language)
            added.append(username)
    return added


def demo_usernames():
    """Every account the demo creates."""
    coordinators = [demo_coordinator_username(page) for page in PartnerPage.objects.order_by("path")]
    return [DEMO_ADMIN_USERNAME, DEMO_MANAGER_USERNAME, *coordinators, *content.DEMO_TRANSLATORS]


def load_demo_mail_settings():
    """Give the demo accounts what moderation mail needs, where databases from before lack it: an example
    address each, and the translators their language as admin language (so their mail arrives in it).

    Only blanks are filled: an address or admin language an editor chose stays. (A translator who chose
    "default" looks the same as one who never chose, and gets their language again.)
    """
    User = get_user_model()
    changed = []
    for user in User.objects.filter(username__in=demo_usernames(), email=""):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
        changed.append(user.username)
    for user in User.objects.filter(username__in=list(content.DEMO_TRANSLATORS)):
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = content.DEMO_TRANSLATORS[user.username]
            profile.save(update_fields=["preferred_language"])
            changed.append(user.username)
    return sorted(set(changed))


def load_translation_records():
    """Record what the demo's translations were made from: today's English text, except for the one
    deliberately outdated field (content.OUTDATED_TRANSLATION). Pages that have records keep them."""
    recorded = set(TranslationSource.objects.values_list("page_id", flat=True).distinct())
    outdated = content.OUTDATED_TRANSLATION
    for page in Page.objects.filter(depth__gt=1).exclude(pk__in=recorded).specific():
        if isinstance(page, WorkPackagePage) and page.code == outdated["work_package"]:
            record_made_from(
                page=page, unit_key=outdated["field"], language=outdated["language"], english_text=outdated["earlier_english"]
            )
        record_translations(page=page)


def load_publications(home):
    """Publication types, the library, and the documented publications with stand-in PDF files."""
    for order, (slug, names, citation_kind, is_scientific) in enumerate(content.PUBLICATION_TYPES):
        PublicationType.objects.get_or_create(
            slug=slug,
            defaults={
                "sort_order": order,
                "citation_kind": citation_kind,
                "is_scientific": is_scientific,
                **per_language("name", names),
            },
        )
    index = PublicationIndexPage.objects.child_of(home).first()
    if index is None:
        index = publish_section_index(home, PublicationIndexPage, content.PUBLICATION_INDEX)
    existing = set(PublicationPage.objects.values_list("slug_en", flat=True))
    partners = {partner.slug_en: partner for partner in PartnerPage.objects.all()}
    work_packages = {work_package.code: work_package for work_package in WorkPackagePage.objects.all()}
    created = []
    for publication in content.PUBLICATIONS:
        if publication["slug"] in existing:
            continue
        page = PublicationPage(
            **per_language("title", publication["title"]),
            slug_en=publication["slug"],
            publication_type=PublicationType.objects.get(slug=publication["type"]),
            output_code=publication["code"],
            publication_date=datetime.date.fromisoformat(publication["date"]),
            work_package=work_packages.get(publication["work_package"]),
            **per_language("abstract", publication["abstract"]),
            featured=publication["featured"],
        )
        page.authoring_partners = [partners[slug] for slug in publication["partners"] if slug in partners]
        page.files = [
            PublicationFile(language=language, document=stand_in_document(publication, language))
            for language in publication["languages"]
        ]
        created.append(publish(partners.get(publication["owner"]) or index, page))
    return index, created


def stand_in_document(publication, language):
    """A one-page PDF that says it stands in for the real document."""
    title = publication["title"].get(language, publication["title"]["en"])
    pdf = one_page_pdf(
        [
            "InduCult2.0 - demo document",
            "",
            title,
            f"Language: {language}",
            "",
            "This file stands in for the real document in the demo content.",
            "It is not the publication itself.",
        ]
    )
    # The size is known at upload, as Wagtail's upload views record it: otherwise the first visit of the page
    # that shows it would write it to the database (and make every cached page out of date).
    document = Document(title=f"{title} ({language})", file_size=len(pdf))
    document.file.save(f"{publication['slug']}-{language}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def load_highlights(home, *, publications_page, mapping_tool_page):
    if home.highlights_en:
        return
    by_language = {}
    for code in LANGUAGES_WITH_DEMO_TEXT:
        by_language[f"highlights_{code}"] = [("quote", {"quote": content.QUOTE[code], "attribution": "InduCult2.0"})]
    by_language["highlights_en"] += [
        (
            "call_to_action",
            {
                "heading": "Would you like to get even more inspired?",
                "text": "Discover the scientific publication on how the partnership has revealed the transformative "
                "power of Industrial Culture.",
                "link_label": "Read it here",
                "link_page": publications_page,
                "link_url": "",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Looking for touristic offers on Industrial Culture?",
                "text": "Discover them in our mapping tool, an output of work package T2.",
                "link_label": "Go to the mapping tool",
                "link_page": mapping_tool_page,
                "link_url": "",
            },
        ),
        (
            "video",
            {
                "title": "Movie on Industrial Culture",
                "text": "Curious about the industrial spirit of the partner regions? Discover the story of how "
                "Industrial Culture has an impact on regional development and society. (Example: the video "
                "address below is a placeholder.)",
                "url": "https://video.example.org/inducult-trailer",
                "embed_url": "https://video.example.org/embed/inducult-trailer",
                "provider": "video.example.org",
            },
        ),
    ]
    for field, value in by_language.items():
        setattr(home, field, value)
    home.save_revision().publish()


def load_legal_pages(home):
    pages = {}
    for legal in content.LEGAL_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug_en=legal["slug"]["en"]).first()
        if page is None:
            page = publish(
                home,
                StandardPage(
                    **per_language("title", legal["title"]),
                    **per_language("slug", legal["slug"]),
                    intro_en=content.EXAMPLE_NOTE["en"],
                    body_en=[("paragraph", legal["body"])]
                    + ([("privacy_choices", None)] if legal.get("privacy_choices") else []),
                ),
            )
        pages[legal["key"]] = page
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if not (site_settings.imprint_page_id and site_settings.privacy_page_id and site_settings.accessibility_page_id):
        site_settings.imprint_page = site_settings.imprint_page or pages["imprint"]
        site_settings.privacy_page = site_settings.privacy_page or pages["privacy"]
        site_settings.accessibility_page = site_settings.accessibility_page or pages["accessibility"]
        site_settings.save()
    return pages


def load_demo_admin():
    User = get_user_model()
    if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        return False
    User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.org", DEMO_ADMIN_PASSWORD)
    return True


@transaction.atomic
def load_demo_content():
    """Load every part of the demo site that is not there yet; return a list of what was added."""
    report = []
    home, created = load_home_page()
    if created:
        report.append("home page")
    index, work_packages = load_work_packages(home)
    report += [f"work package {page.code}" for page in work_packages]
    if load_common_collection():
        report.append(f"collection {COMMON_COLLECTION}")
    _partner_index, partners = load_partners(home)
    report += [f"partner {page.display_name}" for page in partners]
    _event_index, events = load_events(home)
    report += [f"event {page.title}" for page in events]
    publication_index, publications = load_publications(home)
    report += [f"publication {page.title}" for page in publications]
    t2 = WorkPackagePage.objects.child_of(index).filter(code="T2").first()
    book = PublicationPage.objects.filter(slug_en="the-transformative-power-of-industrial-culture").first()
    load_highlights(home, publications_page=book or publication_index, mapping_tool_page=t2)
    load_legal_pages(home)
    if load_demo_admin():
        report.append(f"superuser {DEMO_ADMIN_USERNAME}")
    accounts = load_demo_accounts(home)
    if accounts:
        report.append(f"{len(accounts)} demo editor accounts")
    translators = load_demo_translators()
    if translators:
        report.append(f"{len(translators)} demo translator accounts")
    mail_settings = load_demo_mail_settings()
    if mail_settings:
        report.append(f"mail address or admin language for {len(mail_settings)} demo accounts")
    load_translation_records()
    return report
