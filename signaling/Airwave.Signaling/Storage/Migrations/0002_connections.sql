-- When the broadcaster's WebSocket closed (NULL while connected): the session waits the resume grace period from
-- there, then ends.
ALTER TABLE broadcast_sessions ADD COLUMN disconnected_at BIGINT NULL;

-- Messages between replicas too large for a PostgreSQL notification (8000 bytes): the notification carries the id.
-- Rows are removed a minute after they were written.
CREATE TABLE relay_spill (
    id TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
