using Microsoft.Data.Sqlite;
using SecurityManagement.Core;
using SecurityManagement.Core.Accounts;
using SecurityManagement.Core.Audit;
using SecurityManagement.Tests.Support;

namespace SecurityManagement.Tests.Core.Audit;

public sealed class AuditServiceTests : IAsyncLifetime
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

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
    private async Task TamperAsync(string sql, int rows = 1)
    {
        await using var connection = new SqliteConnection($"Data Source={_core.StorePath};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(rows, await command.ExecuteNonQueryAsync(Ct));
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

        Assert.Equal("Entry 3 was altered after it was written.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task DeletedEntryIsFound()
    {
        await TamperAsync("DELETE FROM audit WHERE sequence = 4;");

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal("Entry 4 is missing: the trail goes from 3 to 5.", _core.English(result.FirstBreak!));
    }

    /// <summary>Rewrites entry 3 and re-links every later one with <paramref name="chain"/>, as an attacker with the database would.</summary>
    private async Task RewriteFromEntry3Async(AuditChain chain)
    {
        var entries = await _core.Storage.Audit.ListAfterAsync(0, 100, Ct);
        AuditEntry? previous = entries[1];
        foreach (var entry in entries.Skip(2))
        {
            var forged = chain.Link(entry.Sequence == 3 ? entry with { Details = "nothing to see" } : entry, previous);
            await TamperAsync($"UPDATE audit SET details = '{forged.Details}', previous_hash = '{forged.PreviousHash}', hash = '{forged.Hash}' WHERE sequence = {forged.Sequence};");
            previous = forged;
        }
    }

    [Fact]
    public async Task ARewriteRelinkedWithoutTheAuditKeyIsFound()
    {
        await RewriteFromEntry3Async(new AuditChain(AuditKey.Random()));

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal("Entry 3 was altered after it was written.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task ARewriteRelinkedEvenWithTheKeyIsFoundByTheCheckpointKeptOutsideTheStore()
    {
        await _audit.WriteCheckpointAsync(Ct);
        await RewriteFromEntry3Async(_core.Chain);

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal("Entry 6 differs from the checkpoint of 09:30: the trail was rewritten from there.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task ADeletedTailIsFoundByTheCheckpoint()
    {
        var checkpoint = (await _audit.WriteCheckpointAsync(Ct)).Written;
        await TamperAsync("DELETE FROM audit WHERE sequence >= 5;", rows: 2);

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal(6, checkpoint!.Sequence);
        Assert.Equal("The trail ends at entry 4, but the checkpoint of 09:30 saw entry 6: the newest entries were deleted.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task ATailDeletedAndGrownBackIsNotVouchedForByANewCheckpointAndTheCheckFindsIt()
    {
        await _audit.WriteCheckpointAsync(Ct);
        await TamperAsync("DELETE FROM audit WHERE sequence >= 5;", rows: 2);
        var guard = await _core.AddUserAsync(Role.Guard);
        for (var i = 0; i < 4; i++)
        {
            await _core.LogVisitAsync(guard);
        }

        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        var round = await _audit.WriteCheckpointAsync(Ct);
        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Null(round.Written);
        Assert.StartsWith("Entry 6 no longer matches the checkpoint of 24 Nov 2026 09:30", round.Problem, StringComparison.Ordinal);
        Assert.Equal("Entry 6 differs from the checkpoint of 09:30: the trail was rewritten from there.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task ATrailWrittenBeforeTheKeyGoesOnUnderTheKeyAndStillCatchesARewrite()
    {
        // Entries 1–6 as the first version hashed them: plain SHA-256, no key.
        AuditEntry? previous = null;
        foreach (var entry in await _core.Storage.Audit.ListAfterAsync(0, 100, Ct))
        {
            var relinked = entry with { PreviousHash = previous?.Hash ?? "" };
            relinked = relinked with { Hash = AuditChain.UnkeyedHashOf(relinked) };
            await TamperAsync($"UPDATE audit SET previous_hash = '{relinked.PreviousHash}', hash = '{relinked.Hash}' WHERE sequence = {relinked.Sequence};");
            previous = relinked;
        }

        var keyed = await _audit.KeyUnkeyedTrailAsync(Ct);
        var again = await _audit.KeyUnkeyedTrailAsync(Ct);
        await _core.LogVisitAsync(await _core.AddUserAsync(Role.Guard));
        var intact = await _audit.VerifyAsync(_admin, Ct);
        await TamperAsync("UPDATE audit SET details = 'nothing to see' WHERE sequence = 3;");
        var tampered = await _audit.VerifyAsync(_admin, Ct);
        previous = (await _core.Storage.Audit.ListAfterAsync(1, 1, Ct)).Single();
        foreach (var entry in await _core.Storage.Audit.ListAfterAsync(2, 4, Ct))
        {
            var relinked = entry with { PreviousHash = previous.Hash };
            relinked = relinked with { Hash = AuditChain.UnkeyedHashOf(relinked) };
            await TamperAsync($"UPDATE audit SET previous_hash = '{relinked.PreviousHash}', hash = '{relinked.Hash}' WHERE sequence = {relinked.Sequence};");
            previous = relinked;
        }

        var rehashed = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal((true, false), (keyed, again));
        Assert.True(intact.Intact, intact.FirstBreak?.ToString());
        Assert.Equal(AuditService.KeyedAction, (await _core.Storage.Audit.ListAfterAsync(6, 1, Ct)).Single().Action);
        Assert.Equal("Entry 3 was altered after it was written.", _core.English(tampered.FirstBreak!));
        Assert.StartsWith("Entry 7 does not follow entry 6", _core.English(rehashed.FirstBreak!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyedTrailNeedsNoUpgrade() => Assert.False(await _audit.KeyUnkeyedTrailAsync(Ct));

    [Fact]
    public async Task AnIntactTrailMatchesItsNewestCheckpoint()
    {
        await _audit.WriteCheckpointAsync(Ct);
        await _core.LogVisitAsync(await _core.AddUserAsync(Role.Guard));
        _core.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await _audit.WriteCheckpointAsync(Ct)).Written;
        var nothingNew = await _audit.WriteCheckpointAsync(Ct);

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.True(result.Intact);
        Assert.Equal((7L, second), (result.Anchor!.Sequence, result.Anchor));
        Assert.Equal(new CheckpointRound(null, null), nothingNew);
    }

    [Fact]
    public async Task ACheckpointNotSignedWithTheKeyIsReported()
    {
        var real = (await _audit.WriteCheckpointAsync(Ct)).Written;
        var file = Directory.GetFiles(_core.Anchor.Folder).Single();
        await File.AppendAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(real! with { Sequence = 3 }, Json) + "\n", Ct);

        var result = await _audit.VerifyAsync(_admin, Ct);

        Assert.Equal($"The checkpoint in {Path.GetFileName(file)} is unreadable or was not signed with the audit key.", _core.English(result.FirstBreak!));
    }

    [Fact]
    public async Task TheTrailNamesPeopleByIdAndTheScreenShowsTheirNames()
    {
        var admin = await _core.AddUserAsync(Role.Admin);
        var resident = await _core.AddUserAsync(Role.Resident);
        await _core.Users.DeactivateAsync(CoreHarness.ActorOf(admin), resident.Id, "Moved out", Ct);

        var stored = (await _core.Storage.Audit.GetLastAsync(Ct))!;
        var line = (await _audit.ListLinesAsync(_admin, null, "user.deactivated", null, null, new PageRequest(0, 1), Ct)).Items.Single();

        Assert.Equal(($"user:{resident.Id}", "Moved out"), (stored.Subject, stored.Details));
        Assert.DoesNotContain(resident.Phone.Value, stored.Details, StringComparison.Ordinal);
        Assert.Equal((new AuditParty(AuditSubjectKind.User, admin.FullName, Role.Admin), new AuditParty(AuditSubjectKind.User, resident.FullName, Role.Resident)),
            (line.Actor, line.Subject));
    }

    [Fact]
    public async Task VisitSubjectsShowTheirFlat()
    {
        var line = (await _audit.ListLinesAsync(_admin, null, "visit.logged", null, null, new PageRequest(0, 1), Ct)).Items.Single();

        Assert.Equal(new AuditParty(AuditSubjectKind.Visit, "A-101"), line.Subject);
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
