using Dapper;
using Microsoft.Data.Sqlite;

namespace SecurityManagement.Core.Storage.Sqlite;

/// <summary>
/// The schema as numbered migrations. A new version appends a step; a step never changes once
/// released. Every index serves a query a screen makes.
/// </summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            phone TEXT NOT NULL UNIQUE,
            full_name TEXT NOT NULL,
            flat TEXT NULL,
            role TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            last_login_at INTEGER NULL,
            security_stamp TEXT NOT NULL
        );
        -- Admin user lists: by role and status, ordered by name.
        CREATE INDEX ix_users_role_status_name ON users (role, status, full_name COLLATE NOCASE);
        -- A flat's residents.
        CREATE INDEX ix_users_flat ON users (flat, full_name COLLATE NOCASE);

        CREATE TABLE flats (
            code TEXT PRIMARY KEY,
            sort_key TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX ix_flats_sort_key ON flats (sort_key);

        CREATE TABLE visits (
            id TEXT PRIMARY KEY,
            visitor_name TEXT NOT NULL,
            visitor_phone TEXT NOT NULL,
            purpose TEXT NOT NULL,
            flat TEXT NOT NULL,
            vehicle_number TEXT NULL,
            note TEXT NULL,
            logged_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_changed_at INTEGER NOT NULL,
            pass_id TEXT NULL
        );
        -- Pending requests per flat (resident dashboard).
        CREATE INDEX ix_visits_flat_status_created ON visits (flat, status, created_at);
        -- The gate's boards: waiting, approved, inside now.
        CREATE INDEX ix_visits_status_changed ON visits (status, status_changed_at);
        -- Visit log by time, and today's count.
        CREATE INDEX ix_visits_created ON visits (created_at);
        -- A flat's history.
        CREATE INDEX ix_visits_flat_created ON visits (flat, created_at);

        CREATE TABLE visit_status_changes (
            visit_id TEXT NOT NULL REFERENCES visits (id),
            seq INTEGER NOT NULL,
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            actor_id TEXT NULL,
            at INTEGER NOT NULL,
            note TEXT NULL,
            PRIMARY KEY (visit_id, seq)
        );

        CREATE TABLE passes (
            id TEXT PRIMARY KEY,
            flat TEXT NOT NULL,
            guest_name TEXT NOT NULL,
            guest_phone TEXT NULL,
            valid_from INTEGER NOT NULL,
            valid_until INTEGER NOT NULL,
            usage TEXT NOT NULL,
            code TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            use_count INTEGER NOT NULL,
            revoked_at INTEGER NULL
        );
        -- The guard enters a code.
        CREATE INDEX ix_passes_code ON passes (code, valid_until);
        -- A flat's passes.
        CREATE INDEX ix_passes_flat_created ON passes (flat, created_at);

        -- Append-only and hash-chained: sequence runs 1, 2, 3, … and each hash covers the one before.
        CREATE TABLE audit (
            sequence INTEGER PRIMARY KEY,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            id TEXT NOT NULL UNIQUE,
            at INTEGER NOT NULL,
            actor_id TEXT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NULL
        );
        CREATE INDEX ix_audit_at ON audit (at);
        CREATE INDEX ix_audit_actor_at ON audit (actor_id, at);
        CREATE INDEX ix_audit_action_at ON audit (action, at);
        """,
        """
        -- One-time sign-in codes: one row per phone, changed by compare-and-set on version.
        CREATE TABLE otp (
            phone TEXT PRIMARY KEY,
            code_hash TEXT NULL,
            expires_at INTEGER NULL,
            attempts INTEGER NOT NULL,
            sends TEXT NOT NULL,
            failures TEXT NOT NULL,
            version INTEGER NOT NULL
        );
        """,
        """
        -- A visit returned as "not for us" can be re-routed to another flat.
        ALTER TABLE visit_status_changes ADD COLUMN routed_to TEXT NULL;
        -- The guard's new-visitor form looks up the phone's last visit.
        CREATE INDEX ix_visits_visitor_phone_created ON visits (visitor_phone, created_at);
        -- Recently finished visits on the gate's board.
        CREATE INDEX ix_visits_status_changed_at ON visits (status_changed_at);
        """,
        """
        -- The society's settings: one row, JSON, changed by compare-and-set on version.
        CREATE TABLE settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            body TEXT NOT NULL,
            version INTEGER NOT NULL
        );
        -- Retention finds passes whose window ended long ago.
        CREATE INDEX ix_passes_valid_until ON passes (valid_until);
        """,
        """
        -- Sign-in sessions, kept so that signing out ends a session on the server.
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            ended_at INTEGER NULL
        );
        -- Housekeeping removes sessions long expired or ended.
        CREATE INDEX ix_sessions_expires_at ON sessions (expires_at);
        CREATE INDEX ix_sessions_ended_at ON sessions (ended_at);

        -- One-time codes per phone and lane: the public lane '' and each device that signed in as the phone.
        CREATE TABLE otp_states (
            phone TEXT NOT NULL,
            lane TEXT NOT NULL,
            code_hash TEXT NULL,
            expires_at INTEGER NULL,
            attempts INTEGER NOT NULL,
            sends TEXT NOT NULL,
            failures TEXT NOT NULL,
            trusted_devices TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (phone, lane)
        );
        INSERT INTO otp_states (phone, lane, code_hash, expires_at, attempts, sends, failures, trusted_devices, version)
            SELECT phone, '', code_hash, expires_at, attempts, sends, failures, '[]', version FROM otp;
        DROP TABLE otp;

        -- Society-wide counts of codes sent, one row per fixed window (this hour, today).
        CREATE TABLE send_counts (
            key TEXT PRIMARY KEY,
            count INTEGER NOT NULL,
            ends_at INTEGER NOT NULL
        );

        -- Live pass codes are unique: live_code holds the code while the pass is unrevoked and its window open.
        ALTER TABLE passes ADD COLUMN live_code TEXT NULL;
        UPDATE passes SET live_code = code
        WHERE revoked_at IS NULL AND valid_until > CAST(strftime('%s', 'now') AS INTEGER) * 1000
            AND id = (SELECT p.id FROM passes p WHERE p.code = passes.code AND p.revoked_at IS NULL
                AND p.valid_until > CAST(strftime('%s', 'now') AS INTEGER) * 1000 ORDER BY p.created_at DESC, p.id DESC LIMIT 1);
        CREATE UNIQUE INDEX ux_passes_live_code ON passes (live_code) WHERE live_code IS NOT NULL;
        """,
        """
        -- Visits get an integer row key (seq) that VACUUM keeps, so the visitor-name index can point at rows.
        CREATE TABLE visits_keyed (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            visitor_name TEXT NOT NULL,
            visitor_phone TEXT NOT NULL,
            purpose TEXT NOT NULL,
            flat TEXT NOT NULL,
            vehicle_number TEXT NULL,
            note TEXT NULL,
            logged_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            status_changed_at INTEGER NOT NULL,
            pass_id TEXT NULL
        );
        INSERT INTO visits_keyed (id, visitor_name, visitor_phone, purpose, flat, vehicle_number, note, logged_by, created_at, status, status_changed_at, pass_id)
            SELECT id, visitor_name, visitor_phone, purpose, flat, vehicle_number, note, logged_by, created_at, status, status_changed_at, pass_id
            FROM visits ORDER BY created_at, id;
        DROP TABLE visits;
        ALTER TABLE visits_keyed RENAME TO visits;

        -- Every list of visits is newest first with the id as tie-break, so each index ends (created_at, id)
        -- and a page, or the page after a cursor, is read straight off it.
        -- The visit log, by time; today's count.
        CREATE INDEX ix_visits_created ON visits (created_at, id);
        -- A flat's log and history; a flat's visits today.
        CREATE INDEX ix_visits_flat_created ON visits (flat, created_at, id);
        -- The log by status (and today's denied), by purpose.
        CREATE INDEX ix_visits_status_created ON visits (status, created_at, id);
        CREATE INDEX ix_visits_purpose_created ON visits (purpose, created_at, id);
        -- A flat's waiting requests (resident dashboard).
        CREATE INDEX ix_visits_flat_status_created ON visits (flat, status, created_at, id);
        -- The gate's boards: waiting, approved, inside now, longest in that status first.
        CREATE INDEX ix_visits_status_changed ON visits (status, status_changed_at, id);
        -- Recently finished visits on the gate's board.
        CREATE INDEX ix_visits_status_changed_at ON visits (status_changed_at);
        -- The guard's form looks up a phone's last visit; the log searches by the start of a phone.
        CREATE INDEX ix_visits_visitor_phone_created ON visits (visitor_phone, created_at, id);

        -- Visitor names by any three characters in them (FTS5 trigram, contentless), kept in step by triggers.
        -- Each row's key is the visit's time: created_at * 2^20 + the low 20 bits of seq, so a search walks
        -- its matches newest first straight off the index and stops after a page.
        CREATE VIRTUAL TABLE visits_search USING fts5 (visitor_name, content = '', contentless_delete = 1, tokenize = 'trigram');
        INSERT INTO visits_search (rowid, visitor_name) SELECT created_at * 1048576 + (seq & 1048575), visitor_name FROM visits;
        CREATE TRIGGER visits_search_insert AFTER INSERT ON visits BEGIN
            INSERT INTO visits_search (rowid, visitor_name) VALUES (new.created_at * 1048576 + (new.seq & 1048575), new.visitor_name);
        END;
        CREATE TRIGGER visits_search_delete AFTER DELETE ON visits BEGIN
            DELETE FROM visits_search WHERE rowid = old.created_at * 1048576 + (old.seq & 1048575);
        END;
        CREATE TRIGGER visits_search_update AFTER UPDATE OF visitor_name ON visits BEGIN
            DELETE FROM visits_search WHERE rowid = old.created_at * 1048576 + (old.seq & 1048575);
            INSERT INTO visits_search (rowid, visitor_name) VALUES (new.created_at * 1048576 + (new.seq & 1048575), new.visitor_name);
        END;

        -- The audit screen pages newest first by sequence within an action or an actor.
        DROP INDEX ix_audit_actor_at;
        DROP INDEX ix_audit_action_at;
        CREATE INDEX ix_audit_actor_sequence ON audit (actor_id, sequence);
        CREATE INDEX ix_audit_action_sequence ON audit (action, sequence);
        """,

        // 7: the language each person chose for the screens and their text messages.
        """
        ALTER TABLE users ADD COLUMN language TEXT;
        """,

        // 8: reaching residents beyond their open screens: the phones that ring, each flat's channels, what was tried.
        """
        CREATE TABLE push_devices (
            endpoint TEXT PRIMARY KEY,
            p256dh TEXT NOT NULL,
            auth TEXT NOT NULL,
            user_id TEXT NOT NULL,
            session_id TEXT NULL,
            label TEXT NULL,
            created_at INTEGER NOT NULL
        );
        -- A flat's residents' phones; a user's and a session's phones when they stop ringing.
        CREATE INDEX ix_push_devices_user ON push_devices (user_id, created_at);
        CREATE INDEX ix_push_devices_session ON push_devices (session_id) WHERE session_id IS NOT NULL;

        CREATE TABLE households (
            flat TEXT PRIMARY KEY,
            push INTEGER NOT NULL,
            sms INTEGER NOT NULL,
            quiet_from INTEGER NULL,
            quiet_to INTEGER NULL
        );

        CREATE TABLE reach_steps (
            visit_id TEXT NOT NULL,
            round INTEGER NOT NULL,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            count INTEGER NOT NULL,
            user_id TEXT NULL,
            name TEXT NULL
        );
        -- The waiting cards' steps; a resident's phone is "seen" once per request.
        CREATE INDEX ix_reach_steps_visit ON reach_steps (visit_id, round, at);
        CREATE UNIQUE INDEX ux_reach_steps_seen ON reach_steps (visit_id, round, user_id) WHERE kind = 'Seen';
        -- The daily sweep removes old steps.
        CREATE INDEX ix_reach_steps_at ON reach_steps (at);
        """,

        // 9: several servers on one store: leases for what runs on one server at a time, and the shared key ring.
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            until INTEGER NOT NULL
        );

        CREATE TABLE key_ring (
            name TEXT PRIMARY KEY,
            xml TEXT NOT NULL
        );
        """,

        // 10: SOS alerts, from a resident's press until a guard closes them.
        """
        CREATE TABLE sos_alerts (
            id TEXT PRIMARY KEY,
            flat TEXT NOT NULL,
            kind TEXT NOT NULL,
            raised_by TEXT NOT NULL,
            raised_by_name TEXT NOT NULL,
            raised_by_phone TEXT NOT NULL,
            raised_at INTEGER NOT NULL,
            acknowledged_by TEXT NULL,
            acknowledged_by_name TEXT NULL,
            acknowledged_at INTEGER NULL,
            escalated_at INTEGER NULL,
            closed_by TEXT NULL,
            closed_by_name TEXT NULL,
            closed_at INTEGER NULL,
            close_note TEXT NULL
        );
        -- One open alert per flat; the guards' open alerts, oldest first; the escalation sweep.
        CREATE UNIQUE INDEX ux_sos_alerts_open_flat ON sos_alerts (flat) WHERE closed_at IS NULL;
        CREATE INDEX ix_sos_alerts_open ON sos_alerts (raised_at) WHERE closed_at IS NULL;
        -- A flat's latest alerts.
        CREATE INDEX ix_sos_alerts_flat ON sos_alerts (flat, raised_at);
        """,

        // 11: the visits whose flats were told their visitor stayed too long (once each).
        """
        CREATE TABLE visit_overstays (
            visit_id TEXT PRIMARY KEY,
            notified_at INTEGER NOT NULL
        );
        """,

        // 12: several gates: where each visit was logged, and where each change (so the exit) happened.
        """
        ALTER TABLE visits ADD COLUMN gate TEXT NULL;
        ALTER TABLE visit_status_changes ADD COLUMN gate TEXT NULL;
        -- The visit log by gate.
        CREATE INDEX ix_visits_gate_created ON visits (gate, created_at, id);
        """,

        // 13: the blocklist: phones refused at the gate, proposed by guards or listed by admins.
        """
        CREATE TABLE blocklist (
            id TEXT PRIMARY KEY,
            phone TEXT NOT NULL,
            name TEXT NULL,
            reason TEXT NOT NULL,
            status TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_by_name TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            confirmed_by TEXT NULL,
            confirmed_by_name TEXT NULL,
            confirmed_at INTEGER NULL,
            lifted_by TEXT NULL,
            lifted_by_name TEXT NULL,
            lifted_at INTEGER NULL,
            lift_note TEXT NULL
        );
        -- One live entry per phone (the gate's check); the admins' list, proposals first then newest.
        CREATE UNIQUE INDEX ux_blocklist_live_phone ON blocklist (phone) WHERE lifted_at IS NULL;
        CREATE INDEX ix_blocklist_live ON blocklist (status DESC, added_at DESC, id DESC) WHERE lifted_at IS NULL;
        """,

        // 14: notices from the committee, and which residents have read them.
        """
        CREATE TABLE notices (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            audience TEXT NOT NULL,
            target TEXT NULL,
            audience_key TEXT NOT NULL,
            posted_by TEXT NOT NULL,
            posted_by_name TEXT NOT NULL,
            posted_at INTEGER NOT NULL,
            expires_at INTEGER NULL,
            withdrawn_at INTEGER NULL,
            pushed_at INTEGER NULL
        );
        -- A flat's notices (everyone's, its block's, its own), newest first; the admins' list; the push round.
        CREATE INDEX ix_notices_audience_posted ON notices (audience_key, posted_at, id) WHERE withdrawn_at IS NULL;
        CREATE INDEX ix_notices_posted ON notices (posted_at, id);
        CREATE INDEX ix_notices_unpushed ON notices (posted_at, id) WHERE pushed_at IS NULL AND withdrawn_at IS NULL;

        CREATE TABLE notice_reads (
            user_id TEXT NOT NULL,
            notice_id TEXT NOT NULL,
            read_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, notice_id)
        ) WITHOUT ROWID;
        """,

        // 15: expected visitors: a resident's word that a delivery, a cab or a guest is coming.
        """
        ALTER TABLE visits ADD COLUMN expected_id TEXT NULL;

        CREATE TABLE expected_visitors (
            id TEXT PRIMARY KEY,
            flat TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NULL,
            valid_from INTEGER NOT NULL,
            valid_until INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            created_by_name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            used_at INTEGER NULL,
            visit_id TEXT NULL,
            cancelled_at INTEGER NULL
        );
        -- A flat's open expectations (the guard's log checks them, the resident lists them); the gate's next hour.
        CREATE INDEX ix_expected_open_flat ON expected_visitors (flat, valid_until) WHERE used_at IS NULL AND cancelled_at IS NULL;
        CREATE INDEX ix_expected_open ON expected_visitors (valid_from, valid_until) WHERE used_at IS NULL AND cancelled_at IS NULL;
        """,

        // 16: frequent visitors: a regular's pass has days (a bit per weekday, 0 every day) and hours (minutes after midnight).
        """
        ALTER TABLE passes ADD COLUMN days INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE passes ADD COLUMN hours_from INTEGER NULL;
        ALTER TABLE passes ADD COLUMN hours_until INTEGER NULL;
        """,

        // 17: parcels kept at the gate for flats that asked (a household's default, or an expected delivery), until collected.
        """
        ALTER TABLE households ADD COLUMN leave_deliveries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE expected_visitors ADD COLUMN leave_at_gate INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE parcels (
            id TEXT PRIMARY KEY,
            flat TEXT NOT NULL,
            company TEXT NOT NULL,
            note TEXT NULL,
            kept_by TEXT NOT NULL,
            kept_by_name TEXT NOT NULL,
            kept_at INTEGER NOT NULL,
            gate TEXT NULL,
            expected_id TEXT NULL,
            collected_at INTEGER NULL,
            collected_by TEXT NULL,
            collected_by_name TEXT NULL
        );
        -- The gate's board: what waits, oldest first.
        CREATE INDEX ix_parcels_waiting ON parcels (kept_at) WHERE collected_at IS NULL;
        -- A flat's parcels, newest first; retention finds the long collected.
        CREATE INDEX ix_parcels_flat ON parcels (flat, kept_at);
        CREATE INDEX ix_parcels_collected ON parcels (collected_at) WHERE collected_at IS NOT NULL;
        """,

        // 18: daily help: helpers with their entry codes, the flats that employ them, and their stays (attendance).
        """
        CREATE TABLE helpers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            phone TEXT NOT NULL,
            kind TEXT NOT NULL,
            code TEXT NOT NULL,
            live_code TEXT NULL,
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            removed_at INTEGER NULL,
            inside_since INTEGER NULL
        );
        -- The codes of helpers not removed are unique (live_code holds the code until the helper is removed).
        CREATE UNIQUE INDEX ux_helpers_live_code ON helpers (live_code) WHERE live_code IS NOT NULL;
        CREATE INDEX ix_helpers_phone ON helpers (phone) WHERE removed_at IS NULL;
        CREATE INDEX ix_helpers_name ON helpers (name) WHERE removed_at IS NULL;
        CREATE INDEX ix_helpers_inside ON helpers (inside_since) WHERE inside_since IS NOT NULL;
        CREATE INDEX ix_helpers_removed ON helpers (removed_at) WHERE removed_at IS NOT NULL;

        CREATE TABLE helper_flats (
            helper_id TEXT NOT NULL REFERENCES helpers (id),
            flat TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at INTEGER NOT NULL,
            notify INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (helper_id, flat)
        ) WITHOUT ROWID;
        CREATE INDEX ix_helper_flats_flat ON helper_flats (flat);

        CREATE TABLE helper_visits (
            id TEXT PRIMARY KEY,
            helper_id TEXT NOT NULL REFERENCES helpers (id),
            in_at INTEGER NOT NULL,
            in_by TEXT NOT NULL,
            in_gate TEXT NULL,
            out_at INTEGER NULL,
            out_by TEXT NULL,
            out_gate TEXT NULL
        );
        -- A helper's attendance by day; the stay still open; retention finds stays that ended long ago.
        CREATE INDEX ix_helper_visits_helper ON helper_visits (helper_id, in_at);
        CREATE UNIQUE INDEX ux_helper_visits_open ON helper_visits (helper_id) WHERE out_at IS NULL;
        CREATE INDEX ix_helper_visits_out ON helper_visits (out_at) WHERE out_at IS NOT NULL;
        """,

        // 19: the gate's next hour reads the open expectations by when they end: those that never came stay open
        // for good, and by their start the guard's list walked every one of them.
        """
        DROP INDEX ix_expected_open;
        CREATE INDEX ix_expected_open ON expected_visitors (valid_until, valid_from) WHERE used_at IS NULL AND cancelled_at IS NULL;
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    /// <summary>
    /// Applies every migration newer than the file's version, each in its own transaction. A step may
    /// rebuild a table (create, copy, drop, rename), so foreign keys are checked once at the end of each
    /// step rather than row by row; a step that leaves a dangling reference is rolled back.
    /// <paramref name="upTo"/> stops at an earlier version (tests of an upgrade start there).
    /// </summary>
    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken ct, int upTo = int.MaxValue)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = OFF;", cancellationToken: ct));
        try
        {
            await ApplyAsync(connection, Math.Min(upTo, LatestVersion), ct);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON;", cancellationToken: CancellationToken.None));
        }
    }

    private static async Task ApplyAsync(SqliteConnection connection, int upTo, CancellationToken ct)
    {
        for (var version = await CurrentVersionAsync(connection, ct) + 1; version <= upTo; version++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);

            // Re-read inside the write lock: another process may have migrated meanwhile.
            if (await CurrentVersionAsync(connection, ct, tx) >= version)
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(Migrations[version - 1], transaction: tx, cancellationToken: ct));
            if ((await connection.QueryAsync(new CommandDefinition("PRAGMA foreign_key_check;", transaction: tx, cancellationToken: ct))).Any())
            {
                throw new InvalidOperationException($"Schema step {version} would leave a reference to a missing row.");
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES (@version);",
                new { version }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
    }

    public static Task<int> CurrentVersionAsync(SqliteConnection connection, CancellationToken ct, SqliteTransaction? tx = null) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction: tx, cancellationToken: ct));
}
