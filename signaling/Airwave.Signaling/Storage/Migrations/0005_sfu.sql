-- A site's SFU streams (a JSON object: streams, viewers; NULL for peer-to-peer only), the stream a broadcast moved
-- to (namespace/name; NULL while it is peer-to-peer; a stream is held by at most one live broadcast), and since when
-- its page publishes there (NULL until it does; viewers move to the stream then).
ALTER TABLE sites ADD COLUMN sfu TEXT NULL;
ALTER TABLE broadcast_sessions ADD COLUMN sfu_stream TEXT NULL;
ALTER TABLE broadcast_sessions ADD COLUMN sfu_live_at BIGINT NULL;
