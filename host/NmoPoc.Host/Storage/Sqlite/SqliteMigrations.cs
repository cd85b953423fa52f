namespace NmoPoc.Host.Storage.Sqlite;

/// <summary>Schema scripts in order. Never edit an applied one: append a new version.</summary>
internal static class SqliteMigrations
{
    public static readonly string[] Scripts =
    [
        // v1: units, ingest, clinical records.
        """
        CREATE TABLE units (
            unit_id        TEXT PRIMARY KEY NOT NULL,
            salt           BLOB NOT NULL,
            hash           BLOB NOT NULL,
            iterations     INTEGER NOT NULL,
            created_at_ms  INTEGER NOT NULL,
            revoked_at_ms  INTEGER NULL
        );

        -- Readings and faults share the unit's sequence, so one table keyed by the idempotency key.
        CREATE TABLE readings (
            id              INTEGER PRIMARY KEY,
            unit_id         TEXT NOT NULL,
            boot            INTEGER NOT NULL,
            seq             INTEGER NOT NULL,
            type            TEXT NOT NULL,
            measured_at_ms  INTEGER NOT NULL,
            received_at_ms  INTEGER NOT NULL,
            historical      INTEGER NOT NULL,
            payload         TEXT NOT NULL,
            UNIQUE (unit_id, boot, seq)
        );
        CREATE INDEX ix_readings_unit_measured ON readings (unit_id, measured_at_ms);

        -- Nothing is lost: every refused or invalid message is kept with its reason and raw bytes.
        CREATE TABLE rejections (
            id              INTEGER PRIMARY KEY,
            received_at_ms  INTEGER NOT NULL,
            client_id       TEXT NOT NULL,
            topic           TEXT NULL,
            reason          TEXT NOT NULL,
            detail          TEXT NULL,
            payload         BLOB NOT NULL
        );
        CREATE INDEX ix_rejections_reason ON rejections (reason);

        CREATE TABLE unit_state (
            unit_id               TEXT PRIMARY KEY NOT NULL,
            status_state          TEXT NULL,
            status_sent_at_ms     INTEGER NULL,
            status_received_at_ms INTEGER NULL,
            fw                    TEXT NULL,
            heartbeat_at_ms       INTEGER NULL,
            heartbeat_sent_at_ms  INTEGER NULL,
            battery_mv            INTEGER NULL,
            battery_pct           INTEGER NULL,
            rssi_dbm              INTEGER NULL,
            outbox_depth          INTEGER NULL,
            outbox_dropped        INTEGER NULL,
            heartbeat_interval_s  INTEGER NULL,
            rejected_readings     INTEGER NULL,
            connected             INTEGER NOT NULL DEFAULT 0,
            connection_changed_at_ms INTEGER NULL
        );

        CREATE TABLE patients (
            id             INTEGER PRIMARY KEY,
            pseudonym      TEXT NOT NULL UNIQUE,
            display_name   TEXT NOT NULL,
            injury_date    TEXT NULL,
            injury_type    TEXT NOT NULL,
            risk_factors   TEXT NOT NULL,
            created_at_ms  INTEGER NOT NULL
        );

        CREATE TABLE wards (
            id    INTEGER PRIMARY KEY,
            name  TEXT NOT NULL UNIQUE
        );

        CREATE TABLE beds (
            id       INTEGER PRIMARY KEY,
            ward_id  INTEGER NOT NULL REFERENCES wards (id),
            label    TEXT NOT NULL,
            UNIQUE (ward_id, label)
        );

        -- [start, end): end NULL means still assigned. No overlaps per unit (checked in the same transaction).
        CREATE TABLE assignments (
            id             INTEGER PRIMARY KEY,
            unit_id        TEXT NOT NULL,
            patient_id     INTEGER NOT NULL REFERENCES patients (id),
            bed_id         INTEGER NULL REFERENCES beds (id),
            start_ms       INTEGER NOT NULL,
            end_ms         INTEGER NULL,
            created_at_ms  INTEGER NOT NULL,
            CHECK (end_ms IS NULL OR end_ms > start_ms)
        );
        CREATE INDEX ix_assignments_unit ON assignments (unit_id, start_ms);
        CREATE INDEX ix_assignments_patient ON assignments (patient_id);

        CREATE TABLE manual_entries (
            id              INTEGER PRIMARY KEY,
            patient_id      INTEGER NOT NULL REFERENCES patients (id),
            kind            TEXT NOT NULL,
            measured_at_ms  INTEGER NOT NULL,
            entered_by      TEXT NOT NULL,
            entered_at_ms   INTEGER NOT NULL,
            value           REAL NULL,
            unit            TEXT NULL,
            side            TEXT NULL,
            movement        TEXT NULL,
            rep1            REAL NULL,
            rep2            REAL NULL,
            rep3            REAL NULL,
            median_deg      REAL NULL,
            note            TEXT NULL
        );
        CREATE INDEX ix_manual_entries_patient ON manual_entries (patient_id, measured_at_ms);
        """,
    ];
}
