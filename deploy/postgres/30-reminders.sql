-- CrmHub on PostgreSQL, part 3: durable reminders (Microsoft.Orleans.Reminders.AdoNet).
-- One row per grain and reminder name. grain_hash is the grain's uniform hash (a signed 32-bit
-- number here), by which each silo loads the reminders of its share of the hash ring. period is
-- in milliseconds. version is the reminder's ETag.

CREATE TABLE IF NOT EXISTS crmhub_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS crmhub_reminders_by_hash ON crmhub_reminders (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $sql$
SELECT r.grain_id AS GrainId, r.reminder_name AS ReminderName, r.start_time AS StartTime, r.period AS Period, r.version AS Version
FROM crmhub_reminders r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId
$sql$),
('ReadReminderRowKey', $sql$
SELECT r.grain_id AS GrainId, r.reminder_name AS ReminderName, r.start_time AS StartTime, r.period AS Period, r.version AS Version
FROM crmhub_reminders r
WHERE r.service_id = @ServiceId AND r.grain_id = @GrainId AND r.reminder_name = @ReminderName
$sql$),
-- A range that does not wrap around the ring: (BeginHash, EndHash].
('ReadRangeRows1Key', $sql$
SELECT r.grain_id AS GrainId, r.reminder_name AS ReminderName, r.start_time AS StartTime, r.period AS Period, r.version AS Version
FROM crmhub_reminders r
WHERE r.service_id = @ServiceId AND r.grain_hash > @BeginHash AND r.grain_hash <= @EndHash
$sql$),
-- A range that wraps around: above BeginHash, or up to EndHash.
('ReadRangeRows2Key', $sql$
SELECT r.grain_id AS GrainId, r.reminder_name AS ReminderName, r.start_time AS StartTime, r.period AS Period, r.version AS Version
FROM crmhub_reminders r
WHERE r.service_id = @ServiceId AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash)
$sql$),
-- Answers the reminder's new version.
('UpsertReminderRowKey', $sql$
INSERT INTO crmhub_reminders AS r (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET grain_hash = EXCLUDED.grain_hash, start_time = EXCLUDED.start_time, period = EXCLUDED.period, version = r.version + 1
RETURNING r.version AS Version
$sql$),
-- Answers whether the reminder was still at the given version (and is now gone).
('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM crmhub_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted)
$sql$),
('DeleteReminderRowsKey', $sql$
DELETE FROM crmhub_reminders WHERE service_id = @ServiceId
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
