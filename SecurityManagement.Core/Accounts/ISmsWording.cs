namespace SecurityManagement.Core.Accounts;

/// <summary>Port: words a text message for a person in their language; the host keeps the sentences for the codes.</summary>
public interface ISmsWording
{
    /// <summary>The message, in <paramref name="language"/> (a culture name) or the host's default when null or not spoken.</summary>
    string Text(Problem message, string? language);
}
