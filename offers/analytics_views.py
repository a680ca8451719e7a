from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import analytics as analytics_report


@login_required
def analytics(request):
    report = analytics_report.build(request.user)
    return render(request, "offers/analytics.html", {"report": report, "nav": "analytics"})
