"""Print the SQL queries each public page type costs on the current database (second request, warm caches).

Usage (after `make run` has loaded the demo): .venv/bin/python manage.py shell < scripts/query_counts.py
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from events.models import EventPage
from inducult.models import HomePage, StandardPage
from partners.models import PartnerPage
from publications.models import PublicationPage
from workpackages.models import WorkPackagePage

client = Client(HTTP_HOST="127.0.0.1")
home = HomePage.objects.first()
pages = [home, *(home.get_children().live().specific())]
for model in (WorkPackagePage, PartnerPage, EventPage, PublicationPage, StandardPage):
    page = model.objects.live().first()
    if page is not None:
        pages.append(page)
with translation.override("en"):
    urls = [page.url for page in pages]
print(f"{'status':>6} {'queries':>7}  url")
for url in [*urls, "/sitemap.xml"]:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    print(f"{response.status_code:>6} {len(queries):>7}  {url}")
