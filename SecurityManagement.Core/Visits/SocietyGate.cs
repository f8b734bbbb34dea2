namespace SecurityManagement.Core.Visits;

/// <summary>
/// One of the society's gates, as admins name it. Each visit records the gate where it was logged and the
/// one it left by. A gate taken out of use stays in the list (retired) so the visits through it keep its name.
/// </summary>
public sealed record SocietyGate(Guid Id, string Name, bool Retired = false)
{
    public const int MaxNameLength = 40;

    /// <summary>The most gates a society may have in use at once.</summary>
    public const int MaxInUse = 12;
}
