-- Broadcast time per session and UTC day (the same credits as broadcast_time), which a broadcast's analytics events
-- report when it ends. Sessions that began before this version count from here on.
CREATE TABLE session_time (
    session_id TEXT NOT NULL REFERENCES broadcast_sessions (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    milliseconds BIGINT NOT NULL,
    PRIMARY KEY (session_id, day)
);

-- Events for the sites' own services, written in the transaction of the change they report, so none is lost or
-- sent for a change that did not happen. An event stays until every sink in event_deliveries has accepted it.
-- position orders the events one transaction wrote (they share published_at).
CREATE TABLE event_outbox (
    id TEXT PRIMARY KEY,
    published_at BIGINT NOT NULL,
    position INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE INDEX event_outbox_order ON event_outbox (published_at, position);

CREATE TABLE event_deliveries (
    event_id TEXT NOT NULL REFERENCES event_outbox (id) ON DELETE CASCADE,
    sink TEXT NOT NULL,
    PRIMARY KEY (event_id, sink)
);

-- Which replica does a job one replica at a time (delivering events): held until expires_at, renewed while it runs.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
