"""`{% kept "name" value … %}…{% endkept %}`: a part of a signed-in page kept in the cache for
this viewer until the next write (core.fragments)."""

from django import template

from shabaka.core.fragments import kept

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        name = self.name.resolve(context)
        vary_on = [value.resolve(context) for value in self.vary_on]
        return kept(context.get("request"), name, vary_on, lambda: self.nodelist.render(context))


@register.tag("kept")
def do_kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'kept' needs the part's name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
