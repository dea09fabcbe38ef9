-- The viewer grants taken at WHEP, kept until they expire: each grant is taken once (its id is unique).
CREATE TABLE sfu_viewer_grants (id TEXT NOT NULL, request_id TEXT NOT NULL, expires_at BIGINT NOT NULL);
CREATE UNIQUE INDEX sfu_viewer_grants_id ON sfu_viewer_grants (id);
CREATE INDEX sfu_viewer_grants_expires_at ON sfu_viewer_grants (expires_at);
