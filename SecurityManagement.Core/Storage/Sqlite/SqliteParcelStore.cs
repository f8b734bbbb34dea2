using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using SecurityManagement.Core.Parcels;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteParcelStore(SqliteDatabase db) : IParcelStore
{
    private const string Columns =
        "id, flat, company, note, kept_by, kept_by_name, kept_at, gate, expected_id, collected_at, collected_by, collected_by_name";

    public async Task<Parcel> AddAsync(Parcel parcel, AuditEntry kept, AuditEntry used, CancellationToken ct = default) =>
        await db.WriteAsync(async (connection, tx) =>
        {
            var stored = parcel;
            if (parcel.ExpectedId is { } expectedId && await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE expected_visitors SET used_at = @at WHERE id = @id AND used_at IS NULL AND cancelled_at IS NULL;",
                    new { id = Id(expectedId), at = Ms(parcel.KeptAt) }, tx, cancellationToken: ct)) == 0)
            {
                stored = parcel with { ExpectedId = null };
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO parcels ({Columns}) VALUES (@Id, @Flat, @Company, @Note, @KeptBy, @KeptByName, @KeptAt, @Gate, @ExpectedId, NULL, NULL, NULL);",
                new
                {
                    Id = Id(stored.Id),
                    Flat = stored.Flat.Value,
                    stored.Company,
                    stored.Note,
                    KeptBy = Id(stored.KeptBy),
                    stored.KeptByName,
                    KeptAt = Ms(stored.KeptAt),
                    Gate = Id(stored.Gate),
                    ExpectedId = Id(stored.ExpectedId),
                },
                tx, cancellationToken: ct));
            return stored;
        }, stored => stored.ExpectedId is null ? [kept] : [kept, used], ct);

    public async Task<Parcel?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync(null, null, $"SELECT {Columns} FROM parcels WHERE id = @id;", new { id = Id(id) }, ct)).SingleOrDefault();

    public Task<IReadOnlyList<Parcel>> ListWaitingAsync(int limit, CancellationToken ct = default) =>
        QueryAsync(null, null, $"SELECT {Columns} FROM parcels WHERE collected_at IS NULL ORDER BY kept_at, id LIMIT @limit;", new { limit }, ct);

    public Task<IReadOnlyList<Parcel>> ListForFlatAsync(FlatCode flat, DateTimeOffset collectedSince, int limit, CancellationToken ct = default) =>
        QueryAsync(null, null,
            $"SELECT {Columns} FROM parcels WHERE flat = @flat AND (collected_at IS NULL OR collected_at >= @since) ORDER BY kept_at DESC, id DESC LIMIT @limit;",
            new { flat = flat.Value, since = Ms(collectedSince), limit }, ct);

    public Task<Parcel?> TryCollectAsync(Guid id, DateTimeOffset at, Guid by, string byName, AuditEntry audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => (await QueryAsync(connection, tx,
                $"UPDATE parcels SET collected_at = @at, collected_by = @by, collected_by_name = @byName WHERE id = @id AND collected_at IS NULL RETURNING {Columns};",
                new { id = Id(id), at = Ms(at), by = Id(by), byName }, ct)).SingleOrDefault(),
            collected => collected is null ? [] : [audit], ct);

    public Task<int> RemoveCollectedBeforeAsync(DateTimeOffset cutoff, Func<int, AuditEntry> audit, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM parcels WHERE collected_at < @cutoff;", new { cutoff = Ms(cutoff) }, tx, cancellationToken: ct)),
            removed => removed > 0 ? [audit(removed)] : [], ct);

    private async Task<IReadOnlyList<Parcel>> QueryAsync(SqliteConnection? connection, SqliteTransaction? tx, string sql, object args, CancellationToken ct)
    {
        if (connection is not null)
        {
            return [.. (await connection.QueryAsync<ParcelRow>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).Select(ToParcel)];
        }

        await using var own = await db.OpenAsync(ct);
        return [.. (await own.QueryAsync<ParcelRow>(new CommandDefinition(sql, args, cancellationToken: ct))).Select(ToParcel)];
    }

    private static Parcel ToParcel(ParcelRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Flat = FlatCode.Parse(row.Flat),
        Company = row.Company,
        Note = row.Note,
        KeptBy = Guid.Parse(row.KeptBy),
        KeptByName = row.KeptByName,
        KeptAt = Time(row.KeptAt),
        Gate = row.Gate is null ? null : Guid.Parse(row.Gate),
        ExpectedId = row.ExpectedId is null ? null : Guid.Parse(row.ExpectedId),
        CollectedAt = Time(row.CollectedAt),
        CollectedBy = row.CollectedBy is null ? null : Guid.Parse(row.CollectedBy),
        CollectedByName = row.CollectedByName,
    };

    private sealed class ParcelRow
    {
        public string Id { get; init; } = "";

        public string Flat { get; init; } = "";

        public string Company { get; init; } = "";

        public string? Note { get; init; }

        public string KeptBy { get; init; } = "";

        public string KeptByName { get; init; } = "";

        public long KeptAt { get; init; }

        public string? Gate { get; init; }

        public string? ExpectedId { get; init; }

        public long? CollectedAt { get; init; }

        public string? CollectedBy { get; init; }

        public string? CollectedByName { get; init; }
    }
}
