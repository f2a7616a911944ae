"""The <head> tags for search engines and social networks (inducult.head_meta), and the home page's JSON-LD."""

import html

from django import template
from django.template.loader import get_template

from inducult.head_meta import head_meta
from inducult.structured_data import project_data

register = template.Library()


class HeadMetaNode(template.Node):
    """Renders includes/head_meta.html with the title its content renders to.

    The content holds base.html's `{% block title %}`, so a template that extends base.html still sets the
    title (the site search, the 404 page): an included template's blocks could not be overridden."""

    # Django finds the `{% block %}` inside through this attribute (Node.child_nodelists).
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The block renders escaped HTML; the title is plain text, escaped once more by the include.
        title = html.unescape(self.nodelist.render(context))
        meta = head_meta(context.get("page"), context.get("request"), title=title)
        with context.push(head_meta=meta):
            return get_template("includes/head_meta.html").template.render(context)


@register.tag("head_meta")
def do_head_meta(parser, token):
    """{% head_meta %}{% block title %}…{% endblock %}{% endhead_meta %}: the title, description, canonical link,
    robots, Open Graph and Twitter card tags of the response."""
    nodelist = parser.parse(("endhead_meta",))
    parser.delete_first_token()
    return HeadMetaNode(nodelist)


@register.simple_tag(takes_context=True)
def project_structured_data(context, page):
    """schema.org data about the project, for the home page `page` (a dict for core_tags' `json_ld`)."""
    return project_data(page, context.get("request"))
