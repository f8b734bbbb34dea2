namespace SecurityManagement.Core.Passes;

public enum PassUsage
{
    SingleUse,
    MultiUse,
}
