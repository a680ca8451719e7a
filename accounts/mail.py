"""Account mail (confirmations, resets, notices) sent by the queue, not in the request."""


def send_message(message):
    """Send one rendered message; a failure is raised, so the queue records it."""
    message.send()
