namespace SecurityManagement.Core.Flats;

/// <summary>Thrown by a flat store when the directory already has this flat.</summary>
public sealed class FlatAlreadyExistsException(FlatCode code) : Exception($"The flat {code} already exists.")
{
    public FlatCode Code { get; } = code;
}
