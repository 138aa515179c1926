"""`{% rule_allows "app.permission" as name %}`: what django-rules says, without Django's
ModelBackend. Asked through user.has_perm, a permission the rules refuse falls through to the
ModelBackend, which reads the user's and their groups' model permissions (two queries a request)
only to refuse it too: the permissions asked this way are none that Django's model permissions
grant (it creates only add_, change_, delete_ and view_<model>)."""

import rules
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def rule_allows(context, name: str, obj=None) -> bool:
    user = context.get("user")
    if user is None or not user.is_active:
        return False
    return user.is_superuser or rules.has_perm(name, user, obj)
