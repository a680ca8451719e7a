"""The performance benchmark: `make bench` runs `python manage.py bench` under
the overlay bench/settings.py, which installs this app and routes its floor pages.

Each module is one part of a run, in the order the command calls them:

    database  pick the benchmark's own database (never the developer's) and make it fresh
    seed      synthetic data at a busy agency's scale, inserted in bulk, and the growth users
    views     the page floors: each timed page's rows and links, read and rendered cheapest
    pages     six pages against their floors through Django's test client; growth by history
    sweep     the reminder sweep against its raw-SQL floor, its peak memory, the due query's plan
    load      gunicorn on loopback and a small bounded HTTP load generator, with latencies
    report    the ratios, the targets, the table and bench/results.json

Timings are noisy on shared machines: figures are medians and ratios against a floor measured
in the same run on the same machine, and no test asserts a time.
"""
