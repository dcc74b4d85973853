-- The sandbox's first schema. IF NOT EXISTS: files made before migrations existed
-- (user_version 0) are adopted as they are.
CREATE TABLE IF NOT EXISTS departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL              -- JSON object keyed by locale tag
);
CREATE TABLE IF NOT EXISTS services (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    time_limit_days INTEGER NOT NULL, -- 办理时限 in working days; edit to reconfigure
    department TEXT NOT NULL REFERENCES departments(code),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    grp TEXT NOT NULL,
    keywords TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attributes (
    service_code TEXT NOT NULL REFERENCES services(code),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    datatype TEXT NOT NULL,
    required INTEGER NOT NULL,
    variable INTEGER NOT NULL,
    description TEXT NOT NULL,
    datatype_description TEXT,
    PRIMARY KEY (service_code, code)
);
CREATE TABLE IF NOT EXISTS attribute_values (
    service_code TEXT NOT NULL,
    attribute_code TEXT NOT NULL,
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (service_code, attribute_code, key),
    FOREIGN KEY (service_code, attribute_code) REFERENCES attributes(service_code, code)
);
CREATE TABLE IF NOT EXISTS requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    token TEXT NOT NULL UNIQUE,
    service_code TEXT NOT NULL REFERENCES services(code),
    stage TEXT NOT NULL,
    resume_stage TEXT,               -- where needs_info / escalated return to
    department TEXT REFERENCES departments(code),
    description TEXT,
    lat REAL,
    long REAL,
    address TEXT,
    address_id TEXT,
    zipcode TEXT,
    media_urls TEXT NOT NULL DEFAULT '[]',
    attributes TEXT NOT NULL DEFAULT '{}',
    email TEXT,
    device_id TEXT,
    account_id TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    channel TEXT NOT NULL,
    clerk_id TEXT,
    requested_at INTEGER NOT NULL,   -- unix seconds
    updated_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    rating INTEGER,
    rating_comment TEXT
);
CREATE INDEX IF NOT EXISTS requests_by_time ON requests(requested_at);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_seq INTEGER NOT NULL REFERENCES requests(seq),
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    stage TEXT NOT NULL,
    department TEXT,
    note TEXT                        -- NULL: the stage's standard wording, localized
);
CREATE INDEX IF NOT EXISTS events_by_request ON events(request_seq, seq);
