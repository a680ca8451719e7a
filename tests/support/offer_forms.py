"""What an offer form posts: its terms, its milestones, or no milestones at all."""

NO_MILESTONES = {
    "milestones-TOTAL_FORMS": "0",
    "milestones-INITIAL_FORMS": "0",
    "milestones-MIN_NUM_FORMS": "0",
    "milestones-MAX_NUM_FORMS": "1000",
}


def milestone_rows(*rows, prefix="milestones"):
    data = {
        f"{prefix}-TOTAL_FORMS": "3",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i in range(3):
        title, amount, due = rows[i] if i < len(rows) else ("", "", "")
        data.update(
            {
                f"{prefix}-{i}-title": title,
                f"{prefix}-{i}-amount": amount,
                f"{prefix}-{i}-due_date": due,
            }
        )
    return data


def terms_data(*milestones, **changes):
    data = {
        "received_at": "2026-11-25T06:30",
        "expires_at": "2026-12-02T06:30",
        "contract_type": "hourly",
        "amount": "60",
        "currency": "USD",
        "weekly_limit": "20",
        "start_date": "2026-12-01",
        "terms": "Weekly invoices.",
        **milestone_rows(*milestones),
    }
    data.update(changes)
    return data


def offer_data(*milestones, **changes):
    return terms_data(*milestones, **{"proposal": "", "client": "", "job_title": "", **changes})
