-- Everything BFF instances on one PostgreSQL share (README "Running several instances").
-- Times are Unix seconds (idempotency) or milliseconds (the rest), as in the SQLite file.

CREATE TABLE idempotency (
    key           TEXT PRIMARY KEY,
    body_hash     TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending',
    receipt       TEXT,
    token         TEXT,
    first_sent_at BIGINT,
    case_id       TEXT,
    started_at    BIGINT NOT NULL,
    finished_at   BIGINT
);
CREATE INDEX idempotency_case ON idempotency (case_id);
CREATE INDEX idempotency_finished ON idempotency (finished_at);

CREATE TABLE clerk_accounts (
    clerk_id      TEXT PRIMARY KEY,
    name          TEXT,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);
CREATE TABLE clerk_sessions (
    token_hash TEXT PRIMARY KEY,
    clerk_id   TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen  BIGINT NOT NULL
);
CREATE TABLE clerk_audit (
    id       BIGSERIAL PRIMARY KEY,
    at       BIGINT NOT NULL,
    clerk_id TEXT NOT NULL,
    action   TEXT NOT NULL,
    case_id  TEXT,
    detail   TEXT
);

-- Failures that protect a secret: wrong query codes and refused clerk sign-ins, by what
-- they were counted against (`query-code:case`, `sign-in:client`, ...).
CREATE TABLE failed_attempts (
    counter TEXT NOT NULL,
    subject TEXT NOT NULL,
    at_ms   BIGINT NOT NULL
);
CREATE INDEX failed_attempts_subject ON failed_attempts (counter, subject, at_ms);
CREATE INDEX failed_attempts_age ON failed_attempts (at_ms);

CREATE TABLE photos (
    id          TEXT PRIMARY KEY,
    jpeg        BYTEA NOT NULL,
    attached    BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX photos_unattached ON photos (uploaded_at) WHERE NOT attached;

-- Live updates: who polled a watched case last, and what it read (NOTIFY carries the key).
CREATE TABLE case_polls (
    case_id   TEXT NOT NULL,
    locale    TEXT NOT NULL,
    polled_at BIGINT NOT NULL,
    view      TEXT,
    PRIMARY KEY (case_id, locale)
);

-- Made once by the first instance, read by all: the query-code MAC key when none is given.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
