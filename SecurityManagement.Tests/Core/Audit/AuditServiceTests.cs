using Microsoft.Data.Sqlite;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Audit;

public sealed class AuditServiceTests : IAsyncLifetime
{
    private CoreHarness _core = null!;
    private AuditService _audit = null!;
    private Actor _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _core = await CoreHarness.CreateAsync();
        _audit = _core.Audit;
        _admin = CoreHarness.ActorOf(await _core.AddUserAsync(Role.Admin));
        var guard = await _core.AddUserAsync(Role.Guard);
        for (var i = 0; i < 6; i++)
        {
            await _core.LogVisitAsync(guard);
        }
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    /// <summary>Changes the stored trail behind the app's back, as someone with the database file could.</summary>
    private async Task TamperAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_core.StorePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    [Fact]
    public async Task IntactTrailVerifiesAndTheCheckIsItselfAudited()
    {
        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.True(result.Intact);
        Assert.Equal(6, result.Checked);
        var last = (await _audit.ListAsync(_admin, new AuditFilter(), new PageRequest(0, 1), Ct)).Items.Single();
        Assert.Equal(("audit.verified", "6 entries, chain intact"), (last.Action, last.Details));
    }

    [Fact]
    public async Task AlteredEntryIsFound()
    {
        await TamperAsync("UPDATE audit SET details = 'nothing to see' WHERE sequence = 3;");

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal("Entry 3 was altered after it was written.", result.FirstBreak);
    }

    [Fact]
    public async Task DeletedEntryIsFound()
    {
        await TamperAsync("DELETE FROM audit WHERE sequence = 4;");

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal("Entry 4 is missing: the trail goes from 3 to 5.", result.FirstBreak);
    }

    [Theory]
    [InlineData(Role.Resident)]
    [InlineData(Role.Guard)]
    public async Task OnlyAdminsReadOrVerify(Role role)
    {
        var other = CoreHarness.ActorOf(await _core.AddUserAsync(role));

        await Assert.ThrowsAsync<NotAllowedException>(() => _audit.VerifyAsync(other, Ct));
        await Assert.ThrowsAsync<NotAllowedException>(() => _audit.ListAsync(other, new AuditFilter(), new PageRequest(0, 5), Ct));
    }
}
