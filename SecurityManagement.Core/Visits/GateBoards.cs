namespace SecurityManagement.Core.Visits;

/// <summary>What the guard's tablet shows: each board's visits, longest-waiting first (done: latest first).</summary>
public sealed record GateBoards(
    IReadOnlyList<Visit> Waiting,
    IReadOnlyList<Visit> Approved,
    IReadOnlyList<Visit> Inside,
    IReadOnlyList<Visit> RecentlyDone);

/// <summary>What a guard types for a new visitor.</summary>
public sealed record VisitRequest(string? Phone, string? Name, VisitPurpose? Purpose, string? Flat, string? VehicleNumber, string? Note);

/// <summary>A visit of the resident's flat with its answer (approved, denied or sent back) and who gave it, if anyone has.</summary>
public sealed record FlatVisit(Visit Visit, VisitStatusChange? Answer, string? AnsweredBy);
