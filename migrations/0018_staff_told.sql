-- Staff are told (issue 19): each notification is a row for one person — read in the console's
-- bell, and delivered to the person's own channel (a 企业微信 group robot or an e-mail webhook),
-- at once or in the daily digest, with the outbox's retries and failure list. Who is told of
-- what: domain::coordination::told; when it goes out: domain::coordination::notify.
ALTER TABLE staff_users ADD COLUMN notify_channel TEXT NOT NULL DEFAULT '{"kind":"none"}';  -- JSON, channel::DeliveryChannel
ALTER TABLE staff_users ADD COLUMN notify_digest INTEGER NOT NULL DEFAULT 0;

CREATE TABLE staff_notifications (
    id              INTEGER PRIMARY KEY,
    staff_id        INTEGER NOT NULL REFERENCES staff_users (id),
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    event_id        INTEGER NOT NULL REFERENCES case_events (id),
    kind            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    read_at         TEXT,
    delivery        TEXT NOT NULL DEFAULT 'pending'
                    CHECK (delivery IN ('pending', 'sent', 'failed', 'skipped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claim           TEXT,
    last_error      TEXT,
    sent_at         TEXT,
    UNIQUE (event_id, staff_id)     -- one notification per person per event
);
CREATE INDEX staff_notifications_person ON staff_notifications (staff_id, read_at, id);
CREATE INDEX staff_notifications_due ON staff_notifications (delivery, next_attempt_at);

-- the near-due warning and an order's reminder are sent once per deadline
ALTER TABLE cases ADD COLUMN warned_for_due TEXT;
ALTER TABLE supervision_orders ADD COLUMN reminded_at TEXT;
