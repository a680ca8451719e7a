"""The question bank: earlier answers suggested for a similar question, the user's own only."""

from itertools import islice

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from proposals.models import Proposal, ScreeningQuestion
from proposals.question_bank import (
    SIMILARITY_THRESHOLD,
    normalise,
    similarity,
    stems,
    suggest_answers,
)

DJANGO_ANSWER = "Six years: two SaaS dashboards and an online shop, all in Django."


@pytest.fixture
def answered(make_proposal):
    """Record an answered screening question on a new proposal of the owner (or another)."""

    def make(question, answer, **proposal_fields):
        proposal = make_proposal(**proposal_fields)
        return ScreeningQuestion.objects.create(proposal=proposal, question=question, answer=answer)

    return make


@pytest.mark.parametrize(
    ("question", "normalised"),
    [
        ("Describe your experience with Django.", "django experienc"),
        ("What experience do you have with DJANGO?", "django experienc"),
        ("Tell us about the projects you have built using React.", "built project react"),
        ("How many hours per week can you work?", "hour many week work"),
        ("Are you running tests? Have you tested it? Do you use CI?", "ci run test"),
        ("Can you share your portfolio's best pieces?", "best piec portfolio"),
        ("Which Projects have you planned? Any plans?", "plan project"),
        ("What is your hourly rate?", "hour rat"),
    ],
)
def test_questions_are_normalised_to_sorted_word_stems(question, normalised):
    assert normalise(question) == normalised


def test_reworded_questions_score_above_the_threshold_and_unrelated_ones_below():
    django = stems("Describe your recent experience with Django.")
    assert similarity(django, stems("What experience do you have with Django?")) == 0.8
    assert (
        similarity(
            stems("What experience do you have with Django?"),
            stems("What experience do you have with React?"),
        )
        < SIMILARITY_THRESHOLD
    )
    assert similarity(django, stems("What is your hourly rate?")) == 0


def test_a_reworded_question_gets_the_earlier_answer(owner, answered):
    earlier = answered("Describe your recent experience with Django.", DJANGO_ANSWER)

    (suggestion,) = suggest_answers(owner, "What experience do you have with Django?")

    assert suggestion.answer == DJANGO_ANSWER
    assert suggestion.question == "Describe your recent experience with Django."
    assert suggestion.proposal_id == earlier.proposal_id
    assert suggestion.score == 0.8


def test_an_unrelated_question_gets_nothing(owner, answered):
    answered("Describe your experience with Django.", DJANGO_ANSWER)
    assert suggest_answers(owner, "What is your hourly rate?") == []
    assert suggest_answers(owner, "What experience do you have with React?") == []
    assert suggest_answers(owner, "") == []
    assert suggest_answers(owner, "What? Why? How?") == []  # only common words


def test_only_the_users_own_answers_are_ever_suggested(owner, stranger):
    theirs = Proposal.objects.create(owner=stranger, job_title="Django shop")
    ScreeningQuestion.objects.create(
        proposal=theirs,
        question="Describe your experience with Django.",
        answer="Mallory's secret answer",
    )
    assert suggest_answers(owner, "Describe your experience with Django.") == []
    (theirs,) = suggest_answers(stranger, "Describe your experience with Django.")
    assert theirs.answer == "Mallory's secret answer"


def test_suggestions_come_best_first_with_distinct_answers_and_a_limit(owner, answered):
    answered("Describe your Django experience.", DJANGO_ANSWER)
    answered("Describe your experience with Django.", DJANGO_ANSWER + "  ")  # the same answer
    answered("Describe your recent experience with Django projects.", "Three shops last year.")
    answered("Describe your Django experience in detail.", "Long story: since 2015.")
    answered("What is your rate?", "$50")
    answered("Describe your experience with Django.", "")  # never answered

    suggestions = suggest_answers(owner, "Describe your experience with Django.", limit=2)

    assert [s.answer for s in suggestions] == [DJANGO_ANSWER.strip(), "Long story: since 2015."]
    assert suggestions[0].score >= suggestions[1].score


def test_the_proposal_being_edited_is_left_out(owner, answered):
    mine = answered("Describe your experience with Django.", DJANGO_ANSWER)
    question = "Describe your experience with Django."
    assert suggest_answers(owner, question, exclude_proposal=mine.proposal) == []
    assert suggest_answers(owner, question, exclude_proposal=mine.proposal_id) == []


def test_the_normalised_question_is_kept_on_save(answered):
    row = answered("Which Projects have you BUILT?", "Many")
    row.refresh_from_db()
    assert row.normalized == "built project"
    row.question = "What is your hourly rate?"
    row.save(update_fields=["question"])
    row.refresh_from_db()
    assert row.normalized == "hour rat"


def test_rows_saved_without_their_normalised_question_are_still_found(owner, make_proposal):
    proposal = make_proposal()
    ScreeningQuestion.objects.bulk_create(
        [ScreeningQuestion(proposal=proposal, question="Describe your Django experience.",
                           answer=DJANGO_ANSWER)]
    )  # fmt: skip
    assert ScreeningQuestion.objects.get().normalized == ""
    (suggestion,) = suggest_answers(owner, "What experience do you have with Django?")
    assert suggestion.answer == DJANGO_ANSWER


def test_suggesting_takes_a_bounded_number_of_queries(
    owner, answered, django_assert_max_num_queries
):
    for n in range(20):
        answered(f"Describe your experience with Django, take {n}.", f"Answer {n}")
    with django_assert_max_num_queries(1):
        assert len(suggest_answers(owner, "Describe your experience with Django.")) == 3


def many_words(count):
    """A question of `count` distinct made-up words, as a pasted job description can be."""
    letters = "bcdfghjklmnpqrstvwxz"
    words = (f"{a}{b}{c}o" for a in letters for b in letters for c in letters)
    return " ".join(islice(words, count))


def test_a_question_of_thousands_of_words_is_compared_without_a_database_error(owner, answered):
    answered("Describe your experience with Django.", DJANGO_ANSWER)
    question = many_words(1500)
    assert len(stems(question)) == 1500
    assert suggest_answers(owner, question) == []


def test_the_edit_page_of_a_proposal_with_a_very_long_question_opens(client, owner, answered):
    answered("Describe your experience with Django.", DJANGO_ANSWER)
    mine = answered(many_words(1500), "")
    client.force_login(owner)
    response = client.get(f"/proposals/{mine.proposal_id}/edit/")
    assert response.status_code == 200


# The endpoint ----------------------------------------------------------------------------

URL = "/proposals/answers/suggest/"


def test_the_endpoint_needs_a_log_in(client, owner, answered):
    answered("Describe your experience with Django.", DJANGO_ANSWER)
    response = client.get(URL, {"q": "Describe your experience with Django."})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert DJANGO_ANSWER.encode() not in response.content


def test_the_endpoint_returns_the_signed_in_users_suggestions_as_json(client, owner, answered):
    earlier = answered("Describe your recent experience with Django.", DJANGO_ANSWER)
    client.force_login(owner)

    response = client.get(URL, {"q": "What experience do you have with Django?"})

    assert response.status_code == 200
    assert response.json() == {
        "question": "What experience do you have with Django?",
        "suggestions": [
            {
                "question": "Describe your recent experience with Django.",
                "answer": DJANGO_ANSWER,
                "proposal_id": earlier.proposal_id,
                "score": 0.8,
            }
        ],
    }


def test_the_endpoint_never_shows_another_users_answers(client, stranger, answered):
    answered("Describe your experience with Django.", DJANGO_ANSWER)  # the owner's
    client.force_login(stranger)
    response = client.get(URL, {"q": "Describe your experience with Django."})
    assert response.json()["suggestions"] == []


def test_the_endpoint_can_leave_out_the_proposal_being_edited(client, owner, answered):
    earlier = answered("Describe your experience with Django.", DJANGO_ANSWER)
    client.force_login(owner)
    response = client.get(
        URL, {"q": "Describe your experience with Django.", "proposal": earlier.proposal_id}
    )
    assert response.json()["suggestions"] == []


def test_the_endpoint_is_get_only_and_takes_a_missing_question(client, owner):
    client.force_login(owner)
    assert client.post(URL, {"q": "x"}).status_code == 405
    assert client.get(URL).json() == {"question": "", "suggestions": []}


# The snippet -------------------------------------------------------------------------------


def test_the_snippet_offers_each_answer_with_a_fill_button(owner, answered):
    answered("Describe your experience with Django.", 'Six years, "quoted" & <b>bold</b>')
    request = RequestFactory().get("/")
    request.user = owner
    template = Template(
        "{% load question_bank %}{% answer_suggestions question 'id_questions-0-answer' %}"
    )

    html = template.render(
        Context({"request": request, "question": "What experience do you have with Django?"})
    )

    assert 'data-fill="#id_questions-0-answer"' in html
    assert 'data-value="Six years, &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"' in html
    assert "Use this answer" in html
    assert "<b>bold</b>" not in html


def test_the_snippet_shows_nothing_without_suggestions(owner):
    request = RequestFactory().get("/")
    request.user = owner
    html = Template("{% load question_bank %}{% answer_suggestions 'Rate?' 'x' %}").render(
        Context({"request": request})
    )
    assert html.strip() == ""
