"""Formats for the page's language: `{{ amount|money }}` gives "52.000 €" or "€52,000"."""

from django import template

from lotse.core.money import money as format_money

register = template.Library()


@register.filter
def money(value):
    return format_money(value)
