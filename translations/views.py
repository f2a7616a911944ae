"""The translators' admin views: the overview of every page's translations, export and import."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from partners.models import PartnerPage
from translations import units as u
from translations.exchange import export_xliff, import_xliff, may_export_drafts, pages_in_tree_order
from translations.forms import ExportForm, ImportForm, OverviewFilterForm
from translations.roles import can_use_translation_tools, languages_for
from translations.states import COMPLETE, MISSING, OUTDATED, PARTIAL, translation_states
from translations.xliff import XliffError

PAGES_PER_SCREEN = 50
TO_DO_STATES = (MISSING, PARTIAL, OUTDATED)


class TranslationToolsMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_use_translation_tools(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def _page_types():
    return sorted(
        (model for model in u.page_models() if model is not Page), key=lambda model: str(model._meta.verbose_name).casefold()
    )


def _partner_pages():
    return list(PartnerPage.objects.order_by("title"))


def _linked_to_partner(partner):
    """Pages below a partner page, or linking to it (an event's hosts, a publication's authors, a work package's lead)."""
    condition = Q(path__startswith=partner.path)
    for model in u.page_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created and field.related_model is PartnerPage:
                condition |= Q(pk__in=model.objects.filter(**{field.name: partner}).values("pk"))
    return condition


def cell_text(cell):
    """The state of one page in one language, in words (the table never relies on colour alone)."""
    if cell.state == COMPLETE:
        return _("Complete")
    if cell.state == MISSING:
        return _("Missing")
    if cell.state == PARTIAL:
        return _("Partial: %(translated)s of %(total)s") % {"translated": cell.translated, "total": cell.total}
    if cell.state == OUTDATED:
        return _("Outdated: %(outdated)s, %(translated)s of %(total)s translated") % {
            "outdated": len(cell.outdated),
            "translated": cell.translated,
            "total": cell.total,
        }
    return _("Nothing to translate")


class OverviewView(TranslationToolsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Pages against languages: each cell says complete, partial (n of m), missing or outdated."""

    template_name = "translations/overview.html"
    page_title = gettext_lazy("Translations")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_types = _page_types()
        partners = _partner_pages()
        form = OverviewFilterForm(self.request.GET or None, page_types=page_types, partners=partners)
        selected = form.cleaned_data if form.is_valid() else {}
        languages = [selected["language"]] if selected.get("language") else u.target_languages()
        pages = pages_in_tree_order()
        if selected.get("page_type"):
            app_label, model_name = selected["page_type"].split(".")
            pages = pages.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model_name))
        if selected.get("partner"):
            partner = next(partner for partner in partners if str(partner.pk) == selected["partner"])
            pages = pages.filter(_linked_to_partner(partner))
        states = translation_states(pages, languages)
        summary = []
        for code in languages:
            cells = [state.languages[code] for state in states]
            summary.append(
                {
                    "code": code,
                    "name": u.language_name(code),
                    "pages_to_do": sum(cell.state in TO_DO_STATES for cell in cells),
                    "missing": sum(cell.state == MISSING for cell in cells),
                    "partial": sum(cell.state == PARTIAL for cell in cells),
                    "outdated": sum(cell.state == OUTDATED for cell in cells),
                    "texts_to_do": sum(cell.to_do for cell in cells),
                }
            )
        if selected.get("to_do"):
            states = [state for state in states if any(cell.state in TO_DO_STATES for cell in state.languages.values())]
        screen = Paginator(states, PAGES_PER_SCREEN).get_page(self.request.GET.get("p"))
        exportable = set(languages_for(self.request.user))
        drafts_allowed = may_export_drafts(self.request.user)
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            filter_form=form,
            languages=[(code, u.language_name(code)) for code in languages],
            summary=summary,
            page_count=len(states),
            screen=screen,
            filter_query=query.urlencode(),
            rows=[self._row(state, languages, exportable, drafts_allowed) for state in screen],
            export_form=ExportForm(languages=languages_for(self.request.user), auto_id="export_%s"),
            can_export=bool(exportable),
            can_export_drafts=drafts_allowed,
        )
        return context

    @staticmethod
    def _row(state, languages, exportable, drafts_allowed):
        page = state.page
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        # A page that was never published has only drafts to export: for those who may export drafts.
        export_query = {"page": page.pk, **({} if page.live else {"drafts": "1"})}
        can_export_page = page.live or drafts_allowed
        cells = []
        for code in languages:
            cell = state.languages[code]
            cells.append(
                {
                    "code": code,
                    "state": cell.state,
                    "text": cell_text(cell),
                    "edit_url": f"{edit_url}?{urlencode({'translate': code})}",
                    "export_url": (
                        f"{reverse('translations:export')}?{urlencode({'language': code, **export_query})}"
                        if can_export_page and code in exportable and cell.state in TO_DO_STATES
                        else ""
                    ),
                    "language_name": u.language_name(code),
                }
            )
        model = page.specific_class or Page
        return {
            "page": page,
            "title": page.get_admin_display_title(),
            "type": model._meta.verbose_name,
            "depth": max(page.depth - 2, 0),
            "cells": cells,
        }


def _asks_for_drafts(request):
    return request.GET.get("drafts", "").strip().lower() in ("1", "on", "true", "yes")


class ExportView(TranslationToolsMixin, View):
    """Download one language's missing and outdated texts of a page or of the whole site as XLIFF 1.2.

    The published version of each page, unless a communication manager asks for drafts (`drafts=1`).
    """

    def get(self, request, *args, **kwargs):
        form = ExportForm(request.GET, languages=languages_for(request.user))
        if not form.is_valid():
            messages.error(request, _("Choose a language you translate to export its texts."))
            return redirect("translations:overview")
        drafts = _asks_for_drafts(request)
        if drafts and not may_export_drafts(request.user):
            messages.error(
                request,
                _(
                    "Only communication managers export unpublished drafts: drafts hold changes nobody approved yet. "
                    "Export the published texts instead."
                ),
            )
            return redirect("translations:overview")
        language, page_id = form.cleaned_data["language"], form.cleaned_data.get("page")
        pages = pages_in_tree_order()
        if page_id is not None:
            pages = pages.filter(pk=page_id)
            if not pages.exists():
                messages.error(request, _("There is no page with this id."))
                return redirect("translations:overview")
        data, count = export_xliff(pages=pages, language=language, drafts=drafts)
        if not count:
            if drafts:
                message = _("Nothing to translate into %(language)s here.")
            else:
                message = _(
                    "Nothing to translate into %(language)s in the published version here. Texts with unpublished "
                    "changes are exported once those are published."
                )
            messages.success(request, message % {"language": u.language_name(language)})
            return redirect(f"{reverse('translations:overview')}?{urlencode({'language': language})}")
        scope = (f"page-{page_id}" if page_id is not None else "site") + ("-drafts" if drafts else "")
        response = HttpResponse(data, content_type="application/x-xliff+xml; charset=utf-8")
        filename = f"inducult-{language}-{scope}-{datetime.date.today().isoformat()}.xlf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ImportView(TranslationToolsMixin, WagtailAdminTemplateMixin, FormView):
    """Upload a translated XLIFF file: it fills the fields and reports what it changed and what it rejected."""

    template_name = "translations/import.html"
    form_class = ImportForm
    page_title = gettext_lazy("Import translations")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translations:overview"), "label": _("Translations")},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        try:
            report = import_xliff(data=form.cleaned_data["file"].read(), user=self.request.user)
        except XliffError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=ImportForm(), report=report))
