"""The proposal checker: each item passes, or fails with a message that says the fix."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from proposals.checker import CheckItem, check_proposal, detect_language
from proposals.models import COVER_LETTER_LIMIT, Proposal, ScreeningQuestion
from tests.support.instants import NOW

GOOD_LETTER = (
    "Hi Acme, thank you for inviting me to interview for your dashboard project.\n\n"
    "Last year I built a reporting dashboard for a logistics company that cut their weekly "
    "reporting time by 40%. I would bring the same approach to yours.\n\n"
    "Which numbers does your team look at first every morning?\n\nBest regards,\nAlice"
)


def item(items, code):
    (found,) = [i for i in items if i.code == code]
    return found


@pytest.fixture
def proposal(make_proposal, make_invitation, now):
    def make(letter=GOOD_LETTER, invitation=True, questions=(), **fields):
        if invitation:
            fields["invitation"] = make_invitation()
        made = make_proposal(cover_letter=letter, **fields)
        for position, (question, answer) in enumerate(questions):
            ScreeningQuestion.objects.create(
                proposal=made, position=position, question=question, answer=answer
            )
        return made

    return make


def test_a_good_proposal_passes_every_item(proposal):
    items = check_proposal(proposal(questions=[("Your rate?", "Fifty dollars an hour.")]))
    assert [i.code for i in items] == [
        "english",
        "questions",
        "placeholders",
        "length",
        "addresses_client",
        "thanks_invitation",
        "asks_question",
        "past_work",
    ]
    assert all(i.passed for i in items), [i for i in items if not i.passed]
    assert all(isinstance(i, CheckItem) and i.message and i.label for i in items)


# Written in English ----------------------------------------------------------------------

LETTERS = {
    "en": "Thank you for the invitation. I have built many dashboards like this one for "
    "small companies and I would be glad to help your team with it.",
    "es": "Gracias por la invitación. He construido muchos paneles como este para pequeñas "
    "empresas y me encantaría ayudar a su equipo con este proyecto.",
    "de": "Vielen Dank für die Einladung. Ich habe schon viele solche Dashboards für kleine "
    "Firmen gebaut und helfe Ihrem Team gerne bei diesem Projekt.",
    "fr": "Merci pour l'invitation. J'ai déjà construit de nombreux tableaux de bord comme "
    "celui-ci pour de petites entreprises et je serais ravi d'aider votre équipe.",
    "pt": "Obrigado pelo convite. Já construí muitos painéis como este para pequenas empresas "
    "e ficaria feliz em ajudar a sua equipe neste projeto.",
    "it": "Grazie per l'invito. Ho già costruito molte dashboard come questa per piccole "
    "aziende e sarei felice di aiutare il vostro team con questo progetto.",
}


@pytest.mark.parametrize("code", sorted(LETTERS))
def test_the_language_is_identified_offline(code):
    found, probability, words = detect_language(LETTERS[code])
    assert found == code
    assert probability > 0.7
    assert words >= 8


@pytest.mark.parametrize(
    ("code", "name"), [("es", "Spanish"), ("de", "German"), ("fr", "French"), ("it", "Italian")]
)
def test_a_letter_in_another_language_fails_and_says_so(proposal, code, name):
    result = item(check_proposal(proposal(letter=LETTERS[code])), "english")
    assert not result.passed
    assert result.message == (
        f"The cover letter reads as {name}, not English. The response must be in English: "
        "rewrite it in English before submitting."
    )


def test_an_english_letter_passes(proposal):
    result = item(check_proposal(proposal(letter=LETTERS["en"])), "english")
    assert result.passed
    assert result.message == "Reads as English."


def test_answers_in_another_language_fail_even_under_an_english_letter(proposal):
    made = proposal(questions=[("Experience?", LETTERS["de"])])
    result = item(check_proposal(made), "english")
    assert not result.passed
    assert result.message.startswith(
        "The answers to the screening questions read as German, not English."
    )


def test_text_too_short_to_judge_passes_and_says_why(proposal):
    result = item(check_proposal(proposal(letter="Hola, ¿qué tal? Gracias.")), "english")
    assert result.passed
    assert result.message == "Too short to judge the language (fewer than 8 words)."


def test_a_letter_full_of_product_names_is_not_blamed(proposal):
    letter = "Django, React, PostgreSQL, Docker, AWS, Celery, Redis, Kubernetes, Terraform."
    assert item(check_proposal(proposal(letter=letter)), "english").passed


# Every screening question answered --------------------------------------------------------


def test_answered_questions_pass(proposal):
    made = proposal(questions=[("Rate?", "$50"), ("Start?", "Monday")])
    result = item(check_proposal(made), "questions")
    assert result.passed
    assert result.message == "All 2 screening questions are answered."


def test_a_single_answered_question_reads_in_the_singular(proposal):
    result = item(check_proposal(proposal(questions=[("Rate?", "$50")])), "questions")
    assert result.message == "The screening question is answered."


def test_no_questions_pass(proposal):
    result = item(check_proposal(proposal()), "questions")
    assert result.passed
    assert result.message == "No screening questions to answer."


def test_a_blank_answer_fails_and_names_the_question(proposal):
    made = proposal(questions=[("Rate?", "$50"), ("When can you start the work?", "   ")])
    result = item(check_proposal(made), "questions")
    assert not result.passed
    assert result.message == (
        "Answer every screening question: 1 of 2 still blank, starting with "
        "“When can you start the work?”."
    )


# No unfilled placeholders ----------------------------------------------------------------


def test_placeholders_left_in_the_letter_or_answers_fail(proposal):
    made = proposal(
        letter=GOOD_LETTER + "\n{my_name}", questions=[("Portfolio?", "See {portfolio_url}")]
    )
    result = item(check_proposal(made), "placeholders")
    assert not result.passed
    assert result.message == (
        "Fill in or remove {my_name}, {portfolio_url}: the client would see them exactly as typed."
    )


def test_braces_that_are_no_placeholder_pass(proposal):
    made = proposal(letter=GOOD_LETTER + "\nIn code: {{ value }} and { spaced }.")
    assert item(check_proposal(made), "placeholders").passed


# Within 5,000 characters -----------------------------------------------------------------


def test_a_letter_at_the_limit_passes(proposal):
    letter = GOOD_LETTER + " " + "x" * (COVER_LETTER_LIMIT - len(GOOD_LETTER) - 1)
    result = item(check_proposal(proposal(letter=letter)), "length")
    assert result.passed
    assert result.message == "5,000 of 5,000 characters."


def test_a_letter_over_the_limit_fails_with_how_much_to_cut(proposal):
    made = proposal()
    # Over the limit only in memory: the database refuses to store such a letter.
    made.cover_letter = GOOD_LETTER + "y" * COVER_LETTER_LIMIT
    result = item(check_proposal(made), "length")
    assert not result.passed
    over = len(made.cover_letter) - COVER_LETTER_LIMIT
    assert result.message == (
        f"The cover letter is {len(made.cover_letter):,} characters; cut {over:,} to stay "
        "within 5,000."
    )


# Addresses the client or the job by name ---------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Hello Acme team,",  # the client's name
        "Hello there, about your dashboards:",  # a distinctive word of "Build a dashboard"
    ],
)
def test_naming_the_client_or_the_job_passes(proposal, opening):
    result = item(check_proposal(proposal(letter=f"{opening} I can help.")), "addresses_client")
    assert result.passed


def test_the_company_is_matched_without_its_legal_suffix(proposal, client_record):
    client_record.name = "Jane Doe"
    client_record.company = "Northwind Traders Ltd."
    client_record.save()
    result = item(
        check_proposal(proposal(letter="Dear Northwind Traders, hello.")), "addresses_client"
    )
    assert result.passed
    assert item(check_proposal(proposal(letter="Dear Jane, hello.")), "addresses_client").passed


def test_a_letter_for_anyone_fails_and_says_what_to_name(proposal):
    result = item(
        check_proposal(proposal(letter="Dear Sir or Madam, I can help.")), "addresses_client"
    )
    assert not result.passed
    assert result.message == (
        "Name the client (Acme) or the job (“dashboard”) so the letter reads as written for them, "
        "not copied from another proposal."
    )


def test_generic_words_of_the_title_do_not_count_as_naming_the_job(proposal):
    made = proposal(letter="Hello, I am a senior developer ready to help.", invitation=False)
    made.job_title = "Senior Django developer needed"
    result = item(check_proposal(made), "addresses_client")
    assert not result.passed
    assert "(“Django”)" in result.message


# Thanks the client for the invitation -----------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Hi Acme,\n\nThank you for the invitation to this job.",
        "Thanks for inviting me, Acme!",
        "Hello! I really appreciate the invitation to interview.",
        "Hi Acme, many thanks for reaching out about the dashboard.",
    ],
)
def test_an_opening_that_thanks_for_the_invitation_passes(proposal, opening):
    result = item(check_proposal(proposal(letter=opening + "\n\nMore text.")), "thanks_invitation")
    assert result.passed


def test_an_opening_without_thanks_fails_with_an_example(proposal):
    letter = "Hi Acme, I can build this.\n\nThank you for the invitation."  # thanks too late
    result = item(
        check_proposal(proposal(letter=letter + "\n" + "More. " * 80)), "thanks_invitation"
    )
    assert not result.passed
    assert result.message.startswith("Open by thanking the client for the invitation")


def test_a_proposal_to_a_job_post_is_not_asked_to_thank_for_an_invitation(proposal):
    items = check_proposal(proposal(letter="Hi Acme, I can build this.", invitation=False))
    assert "thanks_invitation" not in [i.code for i in items]


# Asks the client a question -------------------------------------------------------------


def test_a_question_to_the_client_passes(proposal):
    result = item(check_proposal(proposal()), "asks_question")
    assert result.passed
    assert result.message == "Asks: “Which numbers does your team look at first every morning?”"


@pytest.mark.parametrize(
    "question",
    [
        "Is the shop still on WooCommerce 8.4?",
        "Should the export match the layout of report v2.1?",
        "Do you use app.example.com for staging?",
    ],
)
def test_a_question_with_a_dot_inside_a_word_or_number_passes(proposal, question):
    result = item(check_proposal(proposal(letter=f"Hi Acme. {question}")), "asks_question")
    assert result.passed
    assert result.message == f"Asks: “{question}”"


@pytest.mark.parametrize(
    "letter",
    [
        "Hi Acme. I can build this dashboard.",
        "Hi Acme. See https://example.com/page?x=1 for my work.",  # a link's ? is no question
        "Hi Acme. Ok?",  # too short to be a question about the job
    ],
)
def test_a_letter_without_a_question_fails(proposal, letter):
    result = item(check_proposal(proposal(letter=letter)), "asks_question")
    assert not result.passed
    assert result.message.startswith("Ask the client at least one question about the job")


# Cites an example of past work -----------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "For example, a shop I worked with doubled its sales.",
        "I built the ordering system for a chain of bakeries.",
        "Recently I shipped a similar tool.",
        "My case study on dashboards shows how.",
        "It cut page load time by 60% for the client.",
        "The app now serves 200 stores.",
        "See my work at https://github.com/alice/dashboards",
    ],
)
def test_a_concrete_example_of_past_work_passes(proposal, sentence):
    result = item(check_proposal(proposal(letter=f"Hi Acme. {sentence}")), "past_work")
    assert result.passed


@pytest.mark.parametrize(
    "sentence",
    [
        "I’ve built three booking tools like this one.",  # a word processor's apostrophe
        "I’ve migrated two shops from Magento.",
    ],
)
def test_past_work_written_with_a_typographic_apostrophe_passes(proposal, sentence):
    result = item(check_proposal(proposal(letter=f"Hi Acme. {sentence}")), "past_work")
    assert result.passed
    assert result.message.startswith("Cites past work (“I’ve ")


def test_a_letter_with_only_promises_fails_with_what_to_add(proposal):
    made = proposal(letter="Hi Acme. I am hard-working and reliable. I will do a great job.")
    made.job_url = "https://www.upwork.com/jobs/~01abc"
    made.cover_letter += " Job: https://www.upwork.com/jobs/~01abc"  # the job's own link
    result = item(check_proposal(made), "past_work")
    assert not result.passed
    assert result.message == (
        "Cite one concrete example of past work: what you built, for whom, and the result "
        "(for example “I built a booking dashboard for a clinic that cut no-shows by 30%”), "
        "or add a portfolio link."
    )


# Stored with the proposal ------------------------------------------------------------------


def test_run_check_stores_the_result_and_the_time(proposal, now):
    made = proposal(letter="Hola, gracias por la invitación. Me encantaría trabajar con ustedes.")
    updated_at = made.updated_at

    items = made.run_check()

    made.refresh_from_db()
    assert made.checked_at == NOW
    assert made.check_results == [i.as_dict() for i in items]
    assert {"code": "english", "passed": False}.items() <= made.check_results[0].items()
    assert [w["code"] for w in made.check_warnings] == [i.code for i in items if not i.passed]
    assert made.updated_at == updated_at  # a check is not an edit


def test_submitting_runs_the_check_and_its_warnings_do_not_block(proposal, now):
    made = proposal(letter="Hi there. I can do it.")
    items = made.submit(at=NOW - timedelta(minutes=1))
    made.refresh_from_db()
    assert made.status == Proposal.Status.SUBMITTED
    assert any(not i.passed for i in items)
    assert made.checked_at is not None
    assert made.check_results == [i.as_dict() for i in items]


# The check action ------------------------------------------------------------------------


def check_url(made):
    return f"/proposals/{made.pk}/check/"


def test_the_owner_runs_the_check_and_returns_to_the_proposal(client, owner, proposal):
    made = proposal(letter="Hi there. I can do it.")
    client.force_login(owner)

    response = client.post(check_url(made))

    assert response.status_code == 302
    assert response["Location"] == f"/proposals/{made.pk}/"
    made.refresh_from_db()
    assert made.checked_at is not None
    assert [w["code"] for w in made.check_warnings] == [
        "addresses_client",
        "thanks_invitation",
        "asks_question",
        "past_work",
    ]
    (message,) = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith("Checked: 4 of 8 points need attention.")


def test_a_passing_proposal_gets_a_success_message(client, owner, proposal):
    made = proposal()
    client.force_login(owner)
    response = client.post(check_url(made))
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Checked: all 8 points pass."]


def test_a_failing_proposal_gets_a_warning_that_it_can_still_be_submitted(client, owner, proposal):
    made = proposal(letter="Hi there. I can do it.")
    client.force_login(owner)
    response = client.post(check_url(made))
    (message,) = list(response.wsgi_request._messages)
    assert message.level_tag == "warning"
    assert str(message).endswith("They are advice only; you can still submit.")


def test_a_stranger_gets_404_and_nothing_is_stored(client, stranger, proposal):
    made = proposal()
    client.force_login(stranger)
    assert client.post(check_url(made)).status_code == 404
    made.refresh_from_db()
    assert made.checked_at is None


def test_an_anonymous_visitor_is_sent_to_log_in(client, proposal):
    made = proposal()
    response = client.post(check_url(made))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_check_is_post_only(client, owner, proposal):
    made = proposal()
    client.force_login(owner)
    assert client.get(check_url(made)).status_code == 405


# The checklist snippet ---------------------------------------------------------------------


def test_the_snippet_renders_marks_and_messages(rf_request, proposal):
    made = proposal(letter="Hi there. I can do it.")
    made.run_check()
    made.refresh_from_db()
    html = render_to_string("proposals/_check_results.html", {"proposal": made}, request=rf_request)
    assert html.count('<li class="pass">') + html.count('<li class="fail">') == 8
    assert "Open by thanking the client for the invitation" in html
    assert f'action="/proposals/{made.pk}/check/"' in html
    assert "Check again" in html


def test_the_snippet_offers_a_first_check(rf_request, proposal):
    html = render_to_string(
        "proposals/_check_results.html", {"proposal": proposal()}, request=rf_request
    )
    assert "Not checked yet." in html
    assert "Check the proposal" in html


@pytest.fixture
def rf_request(owner):
    request = RequestFactory().get("/")
    request.user = owner
    return request
