-- A site's SFU streams (a JSON object: streams, viewers; NULL for peer-to-peer only), and the stream a broadcast
-- moved to (namespace/name; NULL while it is peer-to-peer). A stream is held by at most one live broadcast.
ALTER TABLE sites ADD COLUMN sfu TEXT NULL;
ALTER TABLE broadcast_sessions ADD COLUMN sfu_stream TEXT NULL;
