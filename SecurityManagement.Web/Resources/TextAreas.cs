namespace SecurityManagement.Web.Resources;

// Each class names one resource file in this folder (its name, then .resx for English, .hi.resx for Hindi):
// inject IStringLocalizer<GuardText> to read Resources/GuardText*.resx. Files are split by screen so that
// a sentence is found beside the screen that says it.
#pragma warning disable CA1052 // Markers for IStringLocalizer<T>: never instantiated.

/// <summary>Words every screen uses: the frame, the menu, statuses, roles, purposes, field names, common buttons.</summary>
public sealed class SharedText;

/// <summary>The sentences for Core's <see cref="Core.Problem"/> codes, and the text messages.</summary>
public sealed class ProblemText;

/// <summary>Sign-in and registration.</summary>
public sealed class AccountText;

/// <summary>The gate screen.</summary>
public sealed class GuardText;

/// <summary>The resident's screen.</summary>
public sealed class ResidentText;

/// <summary>The admin screens.</summary>
public sealed class AdminText;
#pragma warning restore CA1052
