-- Staff actions that are not about one case (logins, accounts, templates): append-only.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,          -- 'staff:{id}', or the username tried for a failed login
    role   TEXT,
    action TEXT NOT NULL,          -- login_ok, login_failed, login_locked, user_created, template_saved, batch_created
    target TEXT,
    detail TEXT                    -- JSON
);
CREATE INDEX audit_log_at ON audit_log (at);
