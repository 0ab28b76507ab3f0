-- CrmHub on PostgreSQL, part 2: cluster membership (Microsoft.Orleans.Clustering.AdoNet).
-- Silos find each other here. Membership changes are optimistic: each names the table version it
-- read; the change and the version increment happen together or not at all, so two silos cannot
-- both win. Silo statuses are Orleans' SiloStatus numbers (3 = Active).

CREATE TABLE IF NOT EXISTS crmhub_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS crmhub_membership
(
    deployment_id   text        NOT NULL REFERENCES crmhub_membership_version (deployment_id) ON DELETE CASCADE,
    address         varchar(45) NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
-- Answers 1 when the cluster's version row was created, 0 when it existed.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO crmhub_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created
$sql$),
-- The version row is locked first, so concurrent changes queue up and all but one see a new version.
('InsertMembershipKey', $sql$
WITH expected AS (
    SELECT v.deployment_id FROM crmhub_membership_version v
    WHERE v.deployment_id = @DeploymentId AND v.version = @Version
    FOR UPDATE
), joined AS (
    INSERT INTO crmhub_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT e.deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected e
    ON CONFLICT DO NOTHING
    RETURNING deployment_id
), counted AS (
    UPDATE crmhub_membership_version v SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id IN (SELECT deployment_id FROM joined)
    RETURNING 1
)
SELECT count(*)::integer FROM counted
$sql$),
('UpdateMembershipKey', $sql$
WITH expected AS (
    SELECT v.deployment_id FROM crmhub_membership_version v
    WHERE v.deployment_id = @DeploymentId AND v.version = @Version
    FOR UPDATE
), changed AS (
    UPDATE crmhub_membership m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    WHERE m.deployment_id IN (SELECT deployment_id FROM expected)
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.deployment_id
), counted AS (
    UPDATE crmhub_membership_version v SET version = v.version + 1, changed_at = now()
    WHERE v.deployment_id IN (SELECT deployment_id FROM changed)
    RETURNING 1
)
SELECT count(*)::integer FROM counted
$sql$),
-- The heartbeat: no version change, nobody else writes this column.
('UpdateIAmAlivetimeKey', $sql$
UPDATE crmhub_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),
-- Reads answer the version row even when no silo matches (then every silo column is NULL).
('MembershipReadRowKey', $sql$
SELECT v.version AS Version,
       m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
       m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
       m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM crmhub_membership_version v
LEFT JOIN crmhub_membership m ON m.deployment_id = v.deployment_id
     AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$),
('MembershipReadAllKey', $sql$
SELECT v.version AS Version,
       m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
       m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
       m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM crmhub_membership_version v
LEFT JOIN crmhub_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$),
('GatewaysQueryKey', $sql$
SELECT m.address AS Address, m.proxy_port AS ProxyPort, m.generation AS Generation
FROM crmhub_membership m
WHERE m.deployment_id = @DeploymentId AND m.status = @Status AND m.proxy_port > 0
$sql$),
-- Forgets the whole cluster (its silos go with the version row).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM crmhub_membership_version WHERE deployment_id = @DeploymentId
$sql$),
-- Rows of silos that stopped heart-beating before the given instant and are not active.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM crmhub_membership
WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3
$sql$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
