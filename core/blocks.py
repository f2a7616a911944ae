"""StreamField blocks shared by the site's pages; feature apps build their streams from these."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from core.security import allowances


class LinkStructValue(blocks.StructValue):
    """Resolves a block's link to one URL, whether the editor chose a page or typed an address."""

    def url(self):
        page = self.get("link_page")
        if page:
            return page.url
        return self.get("link_url") or ""

    def is_external(self):
        return not self.get("link_page") and bool(self.get("link_url"))


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with one link, for example to the external mapping tool."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, help_text=_("One or two sentences."))
    link_label = blocks.CharBlock(label=_("Link label"), max_length=60, help_text=_("For example “Go to the website”."))
    link_page = blocks.PageChooserBlock(label=_("Link to a page of this site"), required=False)
    link_url = blocks.URLBlock(label=_("…or to another website"), required=False)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("link_page")), bool(value.get("link_url"))
        # Neither is a missing value, which a draft may have (Wagtail defers required fields for drafts and
        # autosaves); both is a contradiction, refused even in a draft.
        if (has_page and has_url) or (not has_page and not has_url and not self.is_deferred_validation):
            message = _("Choose either a page of this site or another website’s address, not both and not neither.")
            raise StructBlockValidationError(block_errors={"link_url": ValidationError(message)})
        return value


class VideoBlock(blocks.StructBlock):
    """A video hosted elsewhere. With a player address it shows a placeholder that loads the player only
    when the visitor agrees (and names who receives their data); without one, a link to the video."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    url = blocks.URLBlock(label=_("Video address"), help_text=_("The video’s page on its hosting service."))
    embed_url = blocks.URLBlock(
        label=_("Player address"),
        required=False,
        help_text=_("Optional: the address for embedding the player, for example https://www.youtube-nocookie.com/embed/…"),
    )
    provider = blocks.CharBlock(
        label=_("Hosting service"),
        max_length=60,
        help_text=_("Named to the visitor before they leave the site, for example “YouTube”."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"

    def clean(self, value):
        value = super().clean(value)
        embed_url = value.get("embed_url")
        if embed_url and urlsplit(embed_url).scheme != "https":
            message = _("The player address must start with https://.")
            raise StructBlockValidationError(block_errors={"embed_url": ValidationError(message)})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        embed_url = value.get("embed_url")
        if embed_url:
            # The player may be framed on this page, once the visitor agrees; no other page allows its host.
            parts = urlsplit(embed_url)
            allowances(context.get("request")).allow("frame-src", f"{parts.scheme}://{parts.netloc}")
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Leave empty for a decorative image."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class ConsentSettingsBlock(blocks.StaticBlock):
    """Lists the other websites a visitor has allowed to load content, with a button to withdraw each."""

    class Meta:
        icon = "lock"
        label = _("Privacy choices")
        admin_text = _("Shows visitors the content providers they allowed and lets them withdraw. For the privacy page.")
        template = "blocks/consent_settings_block.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class BodyStreamBlock(blocks.StreamBlock):
    """The body of standard pages and the free text of feature pages."""

    heading = HeadingBlock(max_length=120)
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    video = VideoBlock()
    privacy_choices = ConsentSettingsBlock()


class HighlightsStreamBlock(blocks.StreamBlock):
    """What the home page puts forward below the overview."""

    call_to_action = CallToActionBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    paragraph = blocks.RichTextBlock(label=_("Rich text"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html")


class OutputBlock(blocks.StructBlock):
    """One output or result of a work package."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    link_url = blocks.URLBlock(label=_("Link"), required=False, help_text=_("Optional: where the output can be read or used."))

    class Meta:
        icon = "doc-full"
        label = _("Output or result")
        template = "blocks/output_block.html"


class OutputsStreamBlock(blocks.StreamBlock):
    output = OutputBlock()


class ObjectivesStreamBlock(blocks.StreamBlock):
    objective = blocks.CharBlock(label=_("Objective"), max_length=300)
