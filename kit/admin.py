"""Admin helpers the domain apps' admins share."""

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import ValidationError


def apply_to_each(model_admin, request, queryset, change, noun, done):
    """An admin action's body: `change` each selected row, then say how many it changed
    (`done`, a phrase for a count) and how many it left as they were, and why."""
    changed, left = 0, Counter()
    for obj in queryset:
        try:
            change(obj)
        except ValidationError as error:
            left[" ".join(error.messages)] += 1
        else:
            changed += 1
    if changed:
        model_admin.message_user(request, done(changed), messages.SUCCESS)
    for reason, count in left.items():
        rows = (
            f"1 {noun} was left as it was"
            if count == 1
            else f"{count} {noun}s were left as they were"
        )
        model_admin.message_user(request, f"{rows}: {reason}", messages.WARNING)


class StatusFilter(admin.SimpleListFilter):
    """The admin's status filter for a model whose QuerySet is a `kit.status.StatusQuerySet`,
    given its statuses (a TextChoices); status is derived, never stored, so a plain field
    filter cannot do."""

    title = "status"
    parameter_name = "status"
    statuses = None  # set by each admin's subclass, or use for_statuses()

    @classmethod
    def for_statuses(cls, statuses):
        return type(f"{statuses.__name__}Filter", (cls,), {"statuses": statuses})

    def lookups(self, request, model_admin):
        return self.statuses.choices

    def queryset(self, request, queryset):
        if self.value() in self.statuses.values:
            return queryset.status(self.value())
        return queryset


class CappedInline:
    """An admin inline whose formset, like the pages' formsets, refuses more rows than
    `max_num` at once: a post claiming 100,000 rows builds no more forms than that."""

    def get_formset(self, request, obj=None, **kwargs):
        # Past `absolute_max` the management form itself is refused; `validate_max` also
        # refuses rows past `max_num`. The admin sets an instance's `max_num` to 0 where it
        # may not add (rows posted there are ignored, as before): the cap is the class's.
        kwargs.setdefault("absolute_max", type(self).max_num)
        kwargs.setdefault("validate_max", self.has_add_permission(request, obj))
        return super().get_formset(request, obj, **kwargs)


def owner_filter(path="owner"):
    """A changelist filter by the user who owns the rows (through `path`), listing only
    the users who own some."""
    return (path, admin.RelatedOnlyFieldListFilter)
