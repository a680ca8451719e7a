"""Every object a page or feed touches is fetched through here, scoped to its owner.

Another user's object is a 404, never a 403: a stranger cannot even learn that it exists.
"""

from django.shortcuts import get_object_or_404


def owned(request, model_or_queryset, **lookup):
    """The signed-in user's object matching `lookup`, or 404."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return get_object_or_404(queryset.all(), owner=request.user, **lookup)


def owned_queryset(request, model_or_queryset):
    """All of the signed-in user's objects of a kind."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(owner=request.user)
