"""Proposal template pages: list, write, preview, delete."""

import pytest
from django.urls import reverse

from proposals.models import ProposalTemplate


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def template(owner):
    return ProposalTemplate.objects.create(
        owner=owner,
        name="Standard",
        invitation_opening="Hi {client_name}, thank you for inviting me to {job_title}.",
        job_post_opening="Hi {client_name}, I saw your post for {job_title}.",
        body="I am {my_name}.",
    )


def form_data(**changes):
    data = {
        "name": "Short and sweet",
        "invitation_opening": "Hello {client_name}, thanks for the invitation to {job_title}.",
        "job_post_opening": "Hello {client_name}, about {job_title}:",
        "body": "Regards, {my_name}",
    }
    data.update(changes)
    return data


def test_it_lists_only_my_templates(signed_in, template, stranger):
    ProposalTemplate.objects.create(owner=stranger, name="Mallory's secret", body="x")
    response = signed_in.get(reverse("template_list"))
    assert response.status_code == 200
    assert "Standard" in response.text
    assert "Mallory" not in response.text


def test_it_shows_a_first_step_when_there_are_no_templates(signed_in):
    response = signed_in.get(reverse("template_list"))
    assert "Write your first template" in response.text


@pytest.mark.parametrize(
    "name, args",
    [("template_list", []), ("template_new", []), ("template_edit", ["pk"])],
)
def test_it_sends_an_anonymous_visitor_to_log_in(client, template, name, args):
    url = reverse(name, args=[template.pk for _ in args])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_stranger_gets_404_for_my_template(client, stranger, template):
    client.force_login(stranger)
    assert client.get(reverse("template_edit", args=[template.pk])).status_code == 404
    response = client.post(reverse("template_edit", args=[template.pk]), form_data())
    assert response.status_code == 404
    response = client.post(reverse("template_delete", args=[template.pk]))
    assert response.status_code == 404
    template.refresh_from_db()
    assert template.name == "Standard"


def test_it_creates_a_template(signed_in, owner):
    response = signed_in.post(reverse("template_new"), form_data(), follow=True)
    created = ProposalTemplate.objects.get(owner=owner)
    assert created.name == "Short and sweet"
    assert response.redirect_chain[-1][0] == reverse("template_edit", args=[created.pk])
    assert "created" in response.text


def test_the_new_page_lists_the_placeholders_and_previews_the_default_openings(signed_in):
    response = signed_in.get(reverse("template_new"))
    assert response.status_code == 200
    for name in ("{client_name}", "{client_company}", "{job_title}", "{job_url}", "{my_name}"):
        assert name in response.text
    assert "Hi Acme, thank you for inviting me to interview for Build a dashboard." in (
        response.text
    )


def test_it_refuses_a_second_template_with_the_same_name(signed_in, owner, template):
    response = signed_in.post(reverse("template_new"), form_data(name="Standard"))
    assert response.status_code == 200
    assert "You already have a template with this name." in response.text
    assert ProposalTemplate.objects.filter(owner=owner).count() == 1


def test_a_stranger_may_use_a_name_i_use(client, stranger, template):
    client.force_login(stranger)
    client.post(reverse("template_new"), form_data(name="Standard"))
    assert ProposalTemplate.objects.filter(owner=stranger, name="Standard").exists()


def test_it_refuses_a_template_without_a_body(signed_in, owner):
    response = signed_in.post(reverse("template_new"), form_data(body=""))
    assert "This field is required." in response.text
    assert not ProposalTemplate.objects.filter(owner=owner).exists()


def test_it_saves_changes_to_a_template(signed_in, template):
    url = reverse("template_edit", args=[template.pk])
    signed_in.post(url, form_data(name="Renamed"))
    template.refresh_from_db()
    assert template.name == "Renamed"
    assert template.body == "Regards, {my_name}"


def test_preview_fills_both_openings_with_sample_values_and_saves_nothing(signed_in, template):
    url = reverse("template_edit", args=[template.pk])
    response = signed_in.post(url, form_data(preview="1"))
    assert response.status_code == 200
    text = response.text
    assert "Hello Acme, thanks for the invitation to Build a dashboard." in text
    assert "Hello Acme, about Build a dashboard:" in text
    assert "Regards, Alice Smith" in text
    template.refresh_from_db()
    assert template.name == "Standard"


def test_preview_reports_unknown_placeholders(signed_in):
    response = signed_in.post(
        reverse("template_new"), form_data(body="See {portfolio} and {rate}", preview="1")
    )
    assert "Unknown placeholders, left as typed" in response.text
    assert "{portfolio}, {rate}" in response.text
    assert not ProposalTemplate.objects.exists()


def test_preview_works_with_empty_fields_without_complaining(signed_in):
    response = signed_in.post(reverse("template_new"), form_data(name="", preview="1"))
    assert response.status_code == 200
    assert "This field is required." not in response.text


def test_template_code_in_a_template_comes_out_as_typed(client, owner, settings):
    settings.SECRET_KEY = "the-real-secret-key-0123456789"
    client.force_login(owner)
    body = "{{ settings.SECRET_KEY }} {% debug %} <script>alert(1)</script> {client_name}"
    response = client.post(reverse("template_new"), form_data(body=body, preview="1"))
    assert "the-real-secret-key" not in response.text
    assert "{{ settings.SECRET_KEY }} {% debug %} &lt;script&gt;alert(1)&lt;/script&gt; Acme" in (
        response.text
    )
    assert "<script>alert(1)</script>" not in response.text


def test_saving_warns_about_unknown_placeholders(signed_in):
    response = signed_in.post(
        reverse("template_new"), form_data(body="Rate: {my_rate}"), follow=True
    )
    assert "Placeholder we do not know, left as typed: {my_rate}" in response.text


def test_it_deletes_a_template_by_post_only(signed_in, template):
    url = reverse("template_delete", args=[template.pk])
    assert signed_in.get(url).status_code == 405
    assert ProposalTemplate.objects.filter(pk=template.pk).exists()
    response = signed_in.post(url, follow=True)
    assert not ProposalTemplate.objects.filter(pk=template.pk).exists()
    assert "deleted" in response.text


def test_the_delete_button_asks_for_confirmation(signed_in, template):
    response = signed_in.get(reverse("template_edit", args=[template.pk]))
    assert 'data-confirm="Delete the template' in response.text


@pytest.mark.parametrize("rows", [5, 200])
def test_the_list_needs_the_same_queries_for_5_or_200_templates(
    signed_in, owner, rows, django_assert_max_num_queries
):
    ProposalTemplate.objects.bulk_create(
        ProposalTemplate(owner=owner, name=f"T{i}", body="b") for i in range(rows)
    )
    with django_assert_max_num_queries(6):
        response = signed_in.get(reverse("template_list"))
    assert response.status_code == 200
