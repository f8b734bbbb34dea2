namespace SecurityManagement.Core.Passes;

public enum PassUsage
{
    SingleUse,
    MultiUse,

    /// <summary>A frequent visitor (a grandparent, a tutor): any number of entries, without asking only on their days and hours.</summary>
    Regular,
}
