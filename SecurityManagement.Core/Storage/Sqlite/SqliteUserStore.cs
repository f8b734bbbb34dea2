using Dapper;
using Microsoft.Data.Sqlite;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Core.Flats;
using static SecurityManagement.Core.Storage.Sqlite.SqliteValues;

namespace SecurityManagement.Core.Storage.Sqlite;

internal sealed class SqliteUserStore(SqliteDatabase db) : IUserStore
{
    private const string Columns = "id, phone, full_name, flat, role, status, created_at, last_login_at, security_stamp, language";

    public async Task AddAsync(User user, AuditEntry? audit, CancellationToken ct = default)
    {
        try
        {
            await db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO users ({Columns}) VALUES (@Id, @Phone, @FullName, @Flat, @Role, @Status, @CreatedAt, @LastLoginAt, @SecurityStamp, @Language);",
                Parameters(user), tx, cancellationToken: ct)) == 1, audit, ct);
        }
        catch (SqliteException ex) when (IsUniqueViolation(ex, "users.phone"))
        {
            throw new PhoneAlreadyRegisteredException(user.Phone);
        }
    }

    public Task<User?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var reader = await SqliteStatements.Prepare(connection, null, $"SELECT {Columns} FROM users WHERE id = $id;", ("$id", Id(id)))
                .ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ToUser(UserRow.Read(reader)) : null;
        }, ct);

    public Task<User?> GetByPhoneAsync(PhoneNumber phone, CancellationToken ct = default) =>
        SingleAsync("phone = @value", phone.Value, ct);

    public Task<bool> UpdateAsync(User user, string expectedStamp, AuditEntry? audit, CancellationToken ct = default)
    {
        var args = new DynamicParameters(Parameters(user));
        args.Add("ExpectedStamp", expectedStamp);
        return db.WriteAsync(async (connection, tx) => await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET full_name = @FullName, flat = @Flat, role = @Role, status = @Status, security_stamp = @SecurityStamp "
            + "WHERE id = @Id AND security_stamp = @ExpectedStamp;",
            args, tx, cancellationToken: ct)) == 1, audit, ct);
    }

    public Task<bool> SetLanguageAsync(Guid id, string language, CancellationToken ct = default) =>
        db.WriteAsync(async (connection, tx) => await SqliteStatements.Prepare(connection, tx,
            "UPDATE users SET language = $language WHERE id = $id;", ("$language", language), ("$id", Id(id))).ExecuteNonQueryAsync(ct) == 1, (AuditEntry?)null, ct);

    public async Task<Page<User>> ListAsync(UserFilter filter, PageRequest page, CancellationToken ct = default)
    {
        var where = new List<string>();
        if (filter.Role is not null)
        {
            where.Add("role = @Role");
        }

        if (filter.Status is not null)
        {
            where.Add("status = @Status");
        }

        if (filter.Flat is not null)
        {
            where.Add("flat = @Flat");
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            where.Add(@"(full_name LIKE '%' || @Search || '%' ESCAPE '\' OR phone LIKE @Search || '%' ESCAPE '\')");
        }

        var clause = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        var args = new
        {
            Role = filter.Role?.ToString(),
            Status = filter.Status?.ToString(),
            Flat = filter.Flat?.Value,
            Search = filter.Search is null ? null : LikeText(filter.Search),
            page.Skip,
            page.Take,
        };
        await using var connection = await db.OpenAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM users {clause};", args, cancellationToken: ct));
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users {clause} ORDER BY full_name COLLATE NOCASE, phone LIMIT @Take OFFSET @Skip;",
            args, cancellationToken: ct));
        return new Page<User>(rows.Select(ToUser).ToList(), total);
    }

    private async Task<User?> SingleAsync(string condition, string value, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE {condition};", new { value }, cancellationToken: ct));
        return row is null ? null : ToUser(row);
    }

    private static object Parameters(User user) => new
    {
        Id = Id(user.Id),
        Phone = user.Phone.Value,
        user.FullName,
        Flat = user.Flat?.Value,
        Role = user.Role.ToString(),
        Status = user.Status.ToString(),
        CreatedAt = Ms(user.CreatedAt),
        LastLoginAt = Ms(user.LastLoginAt),
        user.SecurityStamp,
        user.Language,
    };

    private static User ToUser(UserRow row) => new()
    {
        Id = Guid.Parse(row.Id),
        Phone = PhoneNumber.Parse(row.Phone),
        FullName = row.FullName,
        Flat = row.Flat is null ? null : FlatCode.Parse(row.Flat),
        Role = Enum.Parse<Role>(row.Role),
        Status = Enum.Parse<UserStatus>(row.Status),
        CreatedAt = Time(row.CreatedAt),
        LastLoginAt = Time(row.LastLoginAt),
        SecurityStamp = row.SecurityStamp,
        Language = row.Language,
    };

    private sealed class UserRow
    {
        public string Id { get; init; } = "";

        public string Phone { get; init; } = "";

        public string FullName { get; init; } = "";

        public string? Flat { get; init; }

        public string Role { get; init; } = "";

        public string Status { get; init; } = "";

        public long CreatedAt { get; init; }

        public long? LastLoginAt { get; init; }

        public string SecurityStamp { get; init; } = "";

        public string? Language { get; init; }

        /// <summary>The row as <see cref="Columns"/> lists it.</summary>
        public static UserRow Read(SqliteDataReader reader) => new()
        {
            Id = reader.GetString(0),
            Phone = reader.GetString(1),
            FullName = reader.GetString(2),
            Flat = reader.IsDBNull(3) ? null : reader.GetString(3),
            Role = reader.GetString(4),
            Status = reader.GetString(5),
            CreatedAt = reader.GetInt64(6),
            LastLoginAt = reader.IsDBNull(7) ? null : reader.GetInt64(7),
            SecurityStamp = reader.GetString(8),
            Language = reader.IsDBNull(9) ? null : reader.GetString(9),
        };
    }
}
