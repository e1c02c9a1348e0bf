-- When a case's contact withdrew consent (个人信息保护法 art. 15): set for every case of the
-- number when the administrator answers a withdrawal request as done (functions/src/rights.rs).
ALTER TABLE cases ADD COLUMN consent_withdrawn_at TEXT;
