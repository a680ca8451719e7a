"""What a proposal form posts: a letter and a bid."""


def letter_data(**changes):
    data = {
        "cover_letter": "Hello, I can build this.",
        "bid_type": "hourly",
        "bid_amount": "55.00",
        "currency": "USD",
        "connects_spent": "16",
    }
    data.update(changes)
    return data
