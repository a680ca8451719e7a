"""What the invitation admin posts for a new invitation."""


def invitation_admin_form(owner, client_record, **fields):
    return {
        "owner": owner.pk,
        "client": client_record.pk,
        "job_title": "Build a dashboard",
        "job_url": "",
        "message": "",
        "notified_at_0": "2026-11-25",
        "notified_at_1": "10:00:00",
        "decline_reason": "",
        "preparation-TOTAL_FORMS": "0",
        "preparation-INITIAL_FORMS": "0",
        "preparation-MIN_NUM_FORMS": "0",
        "preparation-MAX_NUM_FORMS": "4",
        **fields,
    }
