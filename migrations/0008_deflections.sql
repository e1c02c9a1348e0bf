-- "This answer solved it": a suggested Q&A answer that made a report unnecessary.
CREATE TABLE deflections (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    kind   TEXT NOT NULL,
    ref_id TEXT NOT NULL
);
CREATE INDEX deflections_ref ON deflections (kind, ref_id);
