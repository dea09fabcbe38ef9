-- Written in the SQL that SQLite and PostgreSQL share: text ids, times as Unix milliseconds (BIGINT).

-- The websites the service serves. allowed_origins is a JSON array; source is 'settings' (the chart's sites file,
-- read-only through the API) or 'api' (the admin API).
CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    secret TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Everyone who has broadcast on a site.
CREATE TABLE broadcasters (
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (site_id, user_id)
);

-- One broadcast, from "Start broadcast" to its end; a page refresh within the grace period resumes the same one.
-- resume_token_hash is a SHA-256 of the resume token (the token itself is only ever in the broadcaster's page).
CREATE TABLE broadcast_sessions (
    id TEXT PRIMARY KEY,
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT NULL,
    end_reason TEXT NULL,
    resume_token_hash TEXT NOT NULL,
    last_heartbeat_at BIGINT NOT NULL
);
CREATE INDEX broadcast_sessions_live ON broadcast_sessions (site_id, user_id, ended_at);

-- A viewer's request to watch a session, and the broadcaster's decision on it.
CREATE TABLE viewer_requests (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES broadcast_sessions (id) ON DELETE CASCADE,
    viewer_user_id TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    decision TEXT NULL,
    decided_at BIGINT NULL,
    ended_at BIGINT NULL
);
CREATE INDEX viewer_requests_session ON viewer_requests (session_id);

-- Broadcast time observed from heartbeats, per user, site and UTC day (yyyy-MM-dd).
CREATE TABLE broadcast_time (
    site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    day TEXT NOT NULL,
    milliseconds BIGINT NOT NULL,
    PRIMARY KEY (site_id, user_id, day)
);
