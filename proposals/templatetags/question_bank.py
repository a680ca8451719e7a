"""`{% answer_suggestions question answer_field %}`: earlier answers beside a screening question.

Use in a question formset: `{% load question_bank %}` then, per form,
`{% answer_suggestions form.question.value form.answer proposal %}`. Renders
templates/proposals/_answer_suggestions.html; nothing when there is no suggestion.
"""

from django import template

from proposals.question_bank import suggest_answers

register = template.Library()


@register.inclusion_tag("proposals/_answer_suggestions.html", takes_context=True)
def answer_suggestions(context, question, answer_field, proposal=None, limit=3):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    suggestions = suggest_answers(user, question or "", limit=limit, exclude_proposal=proposal)
    target = getattr(answer_field, "auto_id", None) or str(answer_field or "")
    return {"suggestions": suggestions, "target": f"#{target}" if target else ""}
