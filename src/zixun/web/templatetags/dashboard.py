"""`{% editor_dashboard as board %}`: the dashboard (zixun.web.dashboard) for those who edit."""

from django import template

from zixun.web.dashboard import Dashboard, dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_dashboard(context) -> Dashboard | None:
    """The dashboard for an editor or administrator; None for anyone else."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.publish_article"):
        return None
    return dashboard()
