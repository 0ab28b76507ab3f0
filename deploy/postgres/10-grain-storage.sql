-- CrmHub on PostgreSQL, part 1: grain state (Microsoft.Orleans.Persistence.AdoNet).
-- One row per grain and state type. "version" is the ETag: every write must name the version it
-- read, and a write naming another one changes nothing and answers NULL, which the provider turns
-- into an InconsistentStateException (a second activation of the same grain cannot overwrite).

CREATE TABLE IF NOT EXISTS crmhub_grain_state
(
    service_id          text        NOT NULL,
    grain_type_hash     integer     NOT NULL,
    grain_type          text        NOT NULL,
    grain_id_hash       integer     NOT NULL,
    grain_id_n0         bigint      NOT NULL,
    grain_id_n1         bigint      NOT NULL,
    grain_id_extension  text        NULL,
    payload             bytea       NULL,
    version             integer     NOT NULL,
    modified_at         timestamptz NOT NULL DEFAULT now()
);

-- The identity of a state row; NULL extensions (integer and Guid keys) count as equal.
CREATE UNIQUE INDEX IF NOT EXISTS crmhub_grain_state_identity ON crmhub_grain_state
    (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, COALESCE(grain_id_extension, ''));

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $sql$
SELECT s.payload AS PayloadBinary, s.version AS Version
FROM crmhub_grain_state s
WHERE s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
  AND s.service_id = @ServiceId AND s.grain_type = @GrainTypeString
  AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
  AND COALESCE(s.grain_id_extension, '') = COALESCE(@GrainIdExtensionString, '')
$sql$),
-- No version: the grain believes there is no row yet, so only an insert may succeed.
-- A version: only the row still at that version is replaced, and its version goes up by one.
('WriteToStorageKey', $sql$
WITH replaced AS (
    UPDATE crmhub_grain_state s
    SET payload = @PayloadBinary, version = s.version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL AND s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId AND s.grain_type = @GrainTypeString
      AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
      AND COALESCE(s.grain_id_extension, '') = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
), created AS (
    INSERT INTO crmhub_grain_state
        (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT version FROM replaced UNION ALL SELECT version FROM created LIMIT 1) AS NewGrainStateVersion
$sql$),
-- Clearing keeps the row (payload NULL) so the version keeps counting; same version rules as a write.
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE crmhub_grain_state s
    SET payload = NULL, version = s.version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL AND s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId AND s.grain_type = @GrainTypeString
      AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
      AND COALESCE(s.grain_id_extension, '') = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
)
SELECT (SELECT version FROM cleared) AS NewGrainStateVersion
$sql$),
-- For DeleteStateOnClear=true: removes the row; answers the version it would have had next.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM crmhub_grain_state s
    WHERE @GrainStateVersion IS NOT NULL AND s.version = @GrainStateVersion
      AND s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
      AND s.service_id = @ServiceId AND s.grain_type = @GrainTypeString
      AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
      AND COALESCE(s.grain_id_extension, '') = COALESCE(@GrainIdExtensionString, '')
    RETURNING s.version
)
SELECT (SELECT version + 1 FROM deleted) AS NewGrainStateVersion
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
