"""The search table: one row per live public page and language, with the page's words in that language (and
the text of its file in that language), what a result shows, and the page's facets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What a visitor in `language` finds of one page: its text in that language, English where a field is
    not translated (the language of each shown part is kept, for the `lang` attribute of results)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=7)
    kind = models.CharField(max_length=100, help_text="The page type, as app_label.model_name.")
    url = models.CharField(max_length=1000)
    title = models.TextField()
    title_language = models.CharField(max_length=7, blank=True, help_text="Set when the title is English text.")
    summary = models.TextField(blank=True)
    summary_language = models.CharField(max_length=7, blank=True)
    date = models.DateField(null=True, blank=True)
    # Terms (sitesearch.text.index_terms): the title's, all the page's, and its file's.
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    file_terms = models.TextField(blank=True)
    file_document = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file_language = models.CharField(max_length=7, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="one_search_document_per_language")]
        indexes = [models.Index(fields=["language", "kind"], name="search_document_kind")]

    def __str__(self):
        return f"{self.title} ({self.language})"


class SearchText(models.Model):
    """The text of a search document as the page shows it, for the snippets of results: kept apart so that
    the rows a search reads and counts stay narrow."""

    document = models.OneToOneField(SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="text")
    # [[language or "", text], ...]: "" where the text is in the document's language.
    parts = models.JSONField(default=list)

    def __str__(self):
        return str(self.document)


class SearchFacet(models.Model):
    """A value a search can be narrowed by for a page, whatever the language: the work package a publication
    belongs to, the partners who wrote it or host an event (page ids)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=30)
    value = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "name", "value"], name="one_facet_value_per_page")]
        indexes = [models.Index(fields=["name", "value"], name="search_facet_value")]

    def __str__(self):
        return f"{self.page_id} {self.name}={self.value}"


class DocumentText(models.Model):
    """The text extracted from an uploaded document (sitesearch.extraction), read when the file was uploaded
    or replaced."""

    document = models.OneToOneField("wagtaildocs.Document", on_delete=models.CASCADE, related_name="extracted_text")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=20)
    pages = models.PositiveIntegerField(null=True, blank=True)
    file_hash = models.CharField(max_length=40, blank=True)
    extracted_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return f"{self.document_id}: {self.status}"


class SearchTerm(models.Model):
    """Every term the search table holds, per language: where a misspelt word finds its nearest term
    (by trigram similarity, on PostgreSQL)."""

    language = models.CharField(max_length=7)
    term = models.CharField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "term"], name="one_search_term_per_language")]

    def __str__(self):
        return f"{self.term} ({self.language})"
