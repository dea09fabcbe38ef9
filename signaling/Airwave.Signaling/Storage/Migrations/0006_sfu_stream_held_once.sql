-- A stream is held by at most one live broadcast, also when two replicas claim it at the same moment (each claim
-- checks that no live broadcast holds it, but both checks can pass before either writes). Should that have happened
-- before this version, the broadcast that started first keeps the stream; the other goes back to peer-to-peer.
UPDATE broadcast_sessions SET sfu_stream = NULL, sfu_live_at = NULL
WHERE ended_at IS NULL AND sfu_stream IS NOT NULL AND EXISTS (
    SELECT 1 FROM broadcast_sessions earlier
    WHERE earlier.sfu_stream = broadcast_sessions.sfu_stream AND earlier.ended_at IS NULL
        AND (earlier.started_at < broadcast_sessions.started_at OR (earlier.started_at = broadcast_sessions.started_at AND earlier.id < broadcast_sessions.id)));
CREATE UNIQUE INDEX broadcast_sessions_live_sfu_stream ON broadcast_sessions (sfu_stream) WHERE sfu_stream IS NOT NULL AND ended_at IS NULL;
