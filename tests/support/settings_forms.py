"""What the settings page posts: every field, each open to a change."""


def form_data(**changes):
    data = {
        "first_name": "Alice",
        "last_name": "Smith",
        "email": "alice@example.com",
        "timezone": "America/New_York",
        "email_reminders": "on",
        "inapp_reminders": "on",
        "start_reminder_hours": "72, 24, 2",
        "completion_reminder_hours": "24, 6, 1",
        "offer_reminder_hours": "48, 6",
        "proposal_followup_days": "7",
        "offer_request_followup_days": "3",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
