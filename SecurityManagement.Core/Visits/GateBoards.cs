namespace SecurityManagement.Core.Visits;

/// <summary>
/// What the guard's tablet shows: waiting and approved visits newest first (the one just asked about or
/// admitted is on top), those inside longest first, and the day's finished ones latest first.
/// </summary>
public sealed record GateBoards(
    IReadOnlyList<Visit> Waiting,
    IReadOnlyList<Visit> Approved,
    IReadOnlyList<Visit> Inside,
    IReadOnlyList<Visit> RecentlyDone);

/// <summary>What a guard types for a new visitor.</summary>
public sealed record VisitRequest(string? Phone, string? Name, VisitPurpose? Purpose, string? Flat, string? VehicleNumber, string? Note, Guid? Gate = null);

/// <summary>A visit of the resident's flat with its answer (approved, denied or sent back) and who gave it, if anyone has.</summary>
public sealed record FlatVisit(Visit Visit, VisitStatusChange? Answer, string? AnsweredBy);
