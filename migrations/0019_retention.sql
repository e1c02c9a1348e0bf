-- Retention (issue 20): a closed case's contact is anonymised once the published period has
-- passed (domain::privacy); when, so the sweep never does it twice. The partial index serves the
-- sweep's search for closed cases not yet anonymised, oldest first.
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
CREATE INDEX cases_retention ON cases (updated_at) WHERE status = 'closed' AND anonymised_at IS NULL;
