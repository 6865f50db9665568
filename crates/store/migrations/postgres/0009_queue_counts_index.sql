-- Accord schema 9 (postgres).
-- The queue's four counts (due soon, breached, waiting, all) under its agreement, tier, assignee,
-- priority and text filters, read from this index alone: every column they look at is in it, so
-- counting 100,000 open tickets reads no table row (crates/app/benches/queue.rs: 120 ms by the
-- table, 17 ms by this index). is_open is in it so that the planner sees it covers the
-- statement's every term; it comes last so that the queue's pages still walk their own indexes in
-- deadline order rather than search this one and sort.
CREATE INDEX tickets_views ON tickets (waiting_since, next_deadline, agreement_id, assignee, current_priority, priority, is_open,
    id, subject, customer) WHERE is_open = 1;
