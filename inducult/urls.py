from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views.serve import authenticate_with_password

from core import file_access
from inducult import serving, views
from inducult.accounts import ThrottledPasswordResetView

# A database outage met outside a view is a 503 too (see DatabaseUnavailableMiddleware).
handler500 = "inducult.views.server_error"

# Outside the language prefixes: the admin, documents, and the files robots and crawlers ask for.
urlpatterns = [
    path("", views.root_redirect, name="root"),
    # Before the admin's own: Wagtail's "Forgotten password?" form with requests throttled.
    path("admin/password_reset/", ThrottledPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, served through the check of who may have the file (core/file_access.py).
    re_path(r"^documents/(\d+)/(.*)$", file_access.serve_document, name="wagtaildocs_serve"),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Image renditions only, as the proxy serves /media/ in production (README, Security).
    urlpatterns += file_access.media_urlpatterns()

# Every public page lives under /<language>/; LocaleMiddleware sends "/" to the browser's language.
if settings.INDUCULT_BENCH_FLOOR:
    urlpatterns += i18n_patterns(
        path("_floor/frame/", views.floor_frame),
        path("_floor/trivial/", views.floor_trivial),
    )

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Wagtail's password form and login for restricted pages (/_util/…), before the pages' pattern, which
    # matches their addresses too.
    path("", include([pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"])),
    re_path(wagtail_urls.serve_pattern, serving.serve_page, name="wagtail_serve"),
    prefix_default_language=True,
)
