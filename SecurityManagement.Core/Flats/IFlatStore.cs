using SecurityManagement.Core.Audit;

namespace SecurityManagement.Core.Flats;

/// <summary>Storage port for the flats directory. Each change stores its audit entry in the same atomic step.</summary>
public interface IFlatStore
{
    /// <summary>Adds a flat; throws <see cref="FlatAlreadyExistsException"/> when it exists.</summary>
    Task AddAsync(Flat flat, AuditEntry? audit, CancellationToken ct = default);

    Task<Flat?> GetAsync(FlatCode code, CancellationToken ct = default);

    /// <summary>Removes the flat; false (and no entry) when it was not there.</summary>
    Task<bool> RemoveAsync(FlatCode code, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Gives the flat a new code; false when it was not there; throws <see cref="FlatAlreadyExistsException"/> when the new code is taken.</summary>
    Task<bool> RenameAsync(FlatCode code, FlatCode newCode, AuditEntry audit, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> flats whose code starts with <paramref name="prefix"/> (any case), in directory order.</summary>
    Task<IReadOnlyList<Flat>> SearchAsync(string prefix, int limit, CancellationToken ct = default);

    /// <summary>Flats ordered by block, then number (numerically where numbers are digits).</summary>
    Task<Page<Flat>> ListAsync(PageRequest page, CancellationToken ct = default);
}
