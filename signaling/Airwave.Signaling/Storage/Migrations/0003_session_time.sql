-- Broadcast time observed from heartbeats per session (the same credits as broadcast_time, which is per day), so the
-- site API can show what each broadcast counted.
ALTER TABLE broadcast_sessions ADD COLUMN broadcast_ms BIGINT NOT NULL DEFAULT 0;
