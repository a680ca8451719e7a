"""The pages of a freelancer's journey, for the checks that walk every one of them.

The demo pipeline (`seed_demo`) has a record in every status; each page is named by where a
new user would reach it from, and opened by path so that a check failing names the page.
"""

from django.core.management import call_command
from django.urls import reverse

from interviews.models import Client, Invitation
from offers.models import Offer
from pipeline.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME
from proposals.models import Proposal, ProposalTemplate

# Widths a phone, a small laptop, a laptop and a desktop show pages at.
PHONE, SMALL, LAPTOP, DESKTOP = 375, 1024, 1280, 1440

# The pages anyone may open, signed in or not.
PUBLIC = {"log in": "/login/", "sign up": "/signup/", "password reset": "/password/reset/"}


def seed_demo():
    """The demo freelancer and its pipeline; returns (username, password)."""
    call_command("seed_demo", verbosity=0)
    return DEMO_USERNAME, DEMO_PASSWORD


def journey_paths(username):
    """Every signed-in page of the journey, by name, for the demo freelancer."""
    invitations = Invitation.objects.filter(owner__username=username)
    proposal = Proposal.objects.filter(owner__username=username).order_by("-pk").first()
    offer = Offer.objects.filter(owner__username=username).order_by("-pk").first()
    client = Client.objects.filter(owner__username=username).order_by("pk").first()
    template = ProposalTemplate.objects.filter(owner__username=username).first()
    paths = {
        "dashboard": reverse("dashboard"),
        "invitation list": reverse("invitation_list"),
        "invitation": invitations.order_by("-pk").first().get_absolute_url(),
        "new invitation": reverse("invitation_new"),
        "paste an invitation": reverse("invitation_paste"),
        "client list": reverse("client_list"),
        "client": client.get_absolute_url(),
        "proposal list": reverse("proposal_list"),
        "proposal": proposal.get_absolute_url(),
        "new proposal": reverse("proposal_new"),
        "templates": reverse("template_list"),
        "offer list": reverse("offer_list"),
        "offer": offer.get_absolute_url(),
        "new offer": reverse("offer_new"),
        "analytics": reverse("analytics"),
        "notifications": reverse("notification_list"),
        "settings": reverse("settings"),
        "your data": reverse("data_portability"),
    }
    if template is not None:
        paths["template"] = reverse("template_edit", args=[template.pk])
    return paths
