"""Screening questions on the proposal's edit page: add, answer, reorder, remove."""

import pytest
from django.urls import reverse

from proposals.models import Proposal, ScreeningQuestion


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def proposal(make_proposal):
    return make_proposal()


def ask(proposal, *questions):
    return [
        ScreeningQuestion.objects.create(
            proposal=proposal, position=i, question=q, answer=f"Answer to {q}"
        )
        for i, q in enumerate(questions)
    ]


def edit_data(proposal, rows, **extra):
    """The edit form as the page posts it; rows are (question, answer) or (id, q, a)."""
    data = {
        "client": proposal.client_id or "",
        "job_title": proposal.job_title,
        "job_url": proposal.job_url,
        "cover_letter": proposal.cover_letter,
        "bid_type": proposal.bid_type,
        "bid_amount": proposal.bid_amount or "",
        "currency": proposal.currency,
        "connects_spent": "",
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(sum(1 for row in rows if len(row) == 3)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        if len(row) == 3:
            data[f"questions-{i}-id"] = row[0]
            row = row[1:]
        data[f"questions-{i}-question"], data[f"questions-{i}-answer"] = row
    data.update(extra)
    return data


def rows_of(questions, blank=True):
    rows = [(q.pk, q.question, q.answer) for q in questions]
    return rows + [("", "")] if blank else rows


def order(proposal):
    return list(proposal.questions.values_list("question", flat=True))


def edit(client, proposal, data, follow=True):
    return client.post(reverse("proposal_edit", args=[proposal.pk]), data, follow=follow)


def test_the_edit_page_shows_the_questions_with_move_and_remove_buttons(signed_in, proposal):
    ask(proposal, "Why you?", "When can you start?")
    response = signed_in.get(reverse("proposal_edit", args=[proposal.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Why you?" in text and "When can you start?" in text
    assert 'name="move" value="0:up" class="small secondary" disabled' in text
    assert 'name="move" value="1:down" class="small secondary" disabled' in text
    assert 'name="remove" value="1"' in text
    assert "Add a question" in text


def test_it_adds_a_question_with_its_answer(signed_in, proposal):
    response = edit(
        signed_in, proposal, edit_data(proposal, [("Why you?", "Ten years of Django.")])
    )
    assert "Proposal saved." in response.text
    question = proposal.questions.get()
    assert question.question == "Why you?" and question.answer == "Ten years of Django."


def test_save_and_add_another_comes_back_to_the_questions(signed_in, proposal):
    response = edit(
        signed_in,
        proposal,
        edit_data(proposal, [("Why you?", "")], add_question="1"),
        follow=False,
    )
    assert response.url == reverse("proposal_edit", args=[proposal.pk]) + "#questions"
    assert order(proposal) == ["Why you?"]


def test_new_questions_go_after_the_existing_ones(signed_in, proposal):
    ask(proposal, "First", "Second")
    rows = rows_of(proposal.questions.all(), blank=False) + [("Third", "")]
    edit(signed_in, proposal, edit_data(proposal, rows))
    assert order(proposal) == ["First", "Second", "Third"]
    assert list(proposal.questions.values_list("position", flat=True)) == [0, 1, 2]


def test_an_empty_extra_row_adds_nothing(signed_in, proposal):
    ask(proposal, "First")
    edit(signed_in, proposal, edit_data(proposal, rows_of(proposal.questions.all())))
    assert order(proposal) == ["First"]


def test_an_answer_without_a_question_is_refused(signed_in, proposal):
    response = edit(signed_in, proposal, edit_data(proposal, [("", "An orphan answer")]))
    assert "This field is required." in response.text
    assert not proposal.questions.exists()


def test_it_moves_a_question_up_and_keeps_the_edits(signed_in, proposal):
    first, second, third = ask(proposal, "First", "Second", "Third")
    rows = rows_of([first, second, third])
    rows[2] = (third.pk, "Third, reworded", third.answer)
    response = edit(signed_in, proposal, edit_data(proposal, rows, move="2:up"))
    assert "Question moved; your changes are saved." in response.text
    assert order(proposal) == ["First", "Third, reworded", "Second"]


def test_it_moves_a_question_down(signed_in, proposal):
    questions = ask(proposal, "First", "Second", "Third")
    edit(signed_in, proposal, edit_data(proposal, rows_of(questions), move="0:down"))
    assert order(proposal) == ["Second", "First", "Third"]


def test_moving_past_either_end_changes_nothing(signed_in, proposal):
    questions = ask(proposal, "First", "Second")
    edit(signed_in, proposal, edit_data(proposal, rows_of(questions), move="0:up"))
    edit(signed_in, proposal, edit_data(proposal, rows_of(questions), move="1:down"))
    assert order(proposal) == ["First", "Second"]


def test_it_removes_a_question_even_with_its_text_cleared(signed_in, proposal):
    first, second, third = ask(proposal, "First", "Second", "Third")
    rows = rows_of([first, second, third])
    rows[1] = (second.pk, "", "")
    response = edit(signed_in, proposal, edit_data(proposal, rows, remove="1"))
    assert "Question removed; your changes are saved." in response.text
    assert order(proposal) == ["First", "Third"]
    assert list(proposal.questions.values_list("position", flat=True)) == [0, 1]


def test_a_move_with_bad_input_elsewhere_changes_nothing(signed_in, proposal):
    questions = ask(proposal, "First", "Second")
    data = edit_data(proposal, rows_of(questions), move="1:up", cover_letter="x" * 5001)
    response = edit(signed_in, proposal, data)
    assert "Ensure this value has at most 5000 characters" in response.text
    assert order(proposal) == ["First", "Second"]


def test_a_strangers_question_id_cannot_be_edited_through_my_proposal(
    signed_in, proposal, make_proposal, stranger
):
    other = Proposal.objects.create(owner=stranger, job_title="Theirs")
    (theirs,) = ask(other, "Their question")
    data = edit_data(proposal, [(theirs.pk, "Overwritten", "Overwritten")])
    edit(signed_in, proposal, data)
    edit(signed_in, proposal, dict(data, remove="0"))
    edit(signed_in, proposal, dict(data, move="0:up"))
    theirs.refresh_from_db()
    assert (theirs.proposal, theirs.question, theirs.answer) == (
        other,
        "Their question",
        "Answer to Their question",
    )
    assert not proposal.questions.exists()


def test_a_stranger_cannot_edit_my_questions(client, stranger, proposal):
    (question,) = ask(proposal, "Why you?")
    client.force_login(stranger)
    data = edit_data(proposal, [(question.pk, "Hijacked", "")], remove="0")
    assert edit(client, proposal, data).status_code == 404
    question.refresh_from_db()
    assert question.question == "Why you?"


def test_submitting_with_an_unanswered_question_is_refused(now, signed_in, proposal):
    ask(proposal, "Why you?", "Rate?")
    proposal.questions.filter(question="Rate?").update(answer="  ")
    response = signed_in.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert "Answer every screening question before submitting (1 left)." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT


def test_the_detail_page_shows_questions_in_order_and_flags_unanswered_ones(signed_in, proposal):
    ask(proposal, "First", "Second")
    proposal.questions.filter(question="Second").update(answer="")
    text = signed_in.get(reverse("proposal_detail", args=[proposal.pk])).text
    assert text.index("First") < text.index("Second")
    assert "Not answered yet." in text
