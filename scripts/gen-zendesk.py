#!/usr/bin/env python3
"""A Zendesk export of N tickets (tickets.json + audits.json) shaped as the fixtures of
crates/app/tests/fixtures/zendesk (which follow Zendesk's documented API responses): each
generated ticket copies one fixture ticket and its audits, with a new id and its instants moved,
so the sizes and the mix of awkward cases are the fixtures'. For benchmarks (docs/benchmarks.md).

Usage: scripts/gen-zendesk.py N OUT_DIR
"""
import copy
import datetime as dt
import json
import os
import random
import sys

here = os.path.join(os.path.dirname(__file__), "..", "crates", "app", "tests", "fixtures", "zendesk")
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
tickets = json.load(open(os.path.join(here, "tickets.json")))["tickets"]
audits = json.load(open(os.path.join(here, "audits.json")))["audits"]
by_ticket = {}
for a in audits:
    by_ticket.setdefault(a["ticket_id"], []).append(a)
rng = random.Random(7)
fmt = "%Y-%m-%dT%H:%M:%SZ"


def shift(s, delta):
    return (dt.datetime.strptime(s, fmt) + delta).strftime(fmt)


with open(os.path.join(out, "tickets.json"), "w") as tf, open(os.path.join(out, "audits.json"), "w") as af:
    tf.write('{"tickets": [')
    af.write('{"audits": [')
    first_audit = True
    audit_id = 50_000_000_000
    for i in range(n):
        base = tickets[i % len(tickets)]
        t = copy.deepcopy(base)
        new_id = 1_000_000 + i
        # Spread over 2025-11..2026-10, keeping each ticket's own timeline.
        delta = dt.timedelta(days=rng.randint(-330, 0), seconds=rng.randint(-3600, 3600))
        t["id"] = new_id
        for k in ("created_at", "updated_at"):
            if t.get(k):
                t[k] = shift(t[k], delta)
        tf.write(("," if i else "") + json.dumps(t, separators=(",", ":")))
        for a in by_ticket.get(base["id"], []):
            a = copy.deepcopy(a)
            audit_id += 1
            a["id"] = audit_id
            a["ticket_id"] = new_id
            a["created_at"] = shift(a["created_at"], delta)
            af.write(("" if first_audit else ",") + json.dumps(a, separators=(",", ":")))
            first_audit = False
    tf.write('], "next_page": null, "previous_page": null, "count": %d}\n' % n)
    af.write('], "next_page": null, "previous_page": null}\n')
