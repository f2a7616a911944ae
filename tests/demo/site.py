"""The demo site inside a test: the content `make run` shows, built by the demo loader."""

from wagtail.models import Collection, Locale, Page

from demo.loader import load_demo_content


def load_demo_site():
    """Load the demo content into the test database, also after a transactional test flushed it.

    A flush removes Wagtail's root page, root collection and locale too; the loader expects them.
    """
    Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    load_demo_content()
