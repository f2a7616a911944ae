from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from inducult import views
from inducult.accounts import ThrottledPasswordResetView

# A database outage met outside a view is a 503 too (see DatabaseUnavailableMiddleware).
handler500 = "inducult.views.server_error"

# Outside the language prefixes: the admin, documents, and the files robots and crawlers ask for.
urlpatterns = [
    path("", views.root_redirect, name="root"),
    # Before the admin's own: Wagtail's "Forgotten password?" form with requests throttled.
    path("admin/password_reset/", ThrottledPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under /<language>/; LocaleMiddleware sends "/" to the browser's language.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    re_path(wagtail_urls.serve_pattern, views.serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
