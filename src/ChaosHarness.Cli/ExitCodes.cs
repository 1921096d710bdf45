namespace ChaosHarness.Cli;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A flag, argument or input file that cannot be used; nothing was started.</summary>
    public const int BadInput = 2;
}
