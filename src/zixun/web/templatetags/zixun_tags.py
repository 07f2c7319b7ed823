"""Template filters for the cut rules of lists (display width, never splitting a word)."""

from django import template

from zixun import text

register = template.Library()


@register.filter(name="cut_to")
def cut_to(value: str, width: int) -> str:
    """`{{ title|cut_to:15 }}`: at most `width` display columns, `...` marking a cut."""
    return text.cut(value or "", int(width))
