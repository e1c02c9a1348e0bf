-- The knowledge base: policies (政策), the Q&A handbook (问答) and the port fee catalog (收费目录).
CREATE TABLE knowledge (
    kind       TEXT NOT NULL CHECK (kind IN ('policy', 'faq', 'fee')),
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    department TEXT,
    tags       TEXT NOT NULL DEFAULT '[]',   -- JSON array
    extra      TEXT NOT NULL DEFAULT '{}',   -- JSON: the kind's own fields (document number, dates, port, price …)
    retired    INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);

-- Bumped by every import or edit: Worker isolates rebuild their search index when it moves.
CREATE TABLE knowledge_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO knowledge_version (id, version) VALUES (1, 0);
