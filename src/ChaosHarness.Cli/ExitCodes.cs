namespace ChaosHarness.Cli;

/// <summary>What <c>chaos</c> exits with; docs/cli.md and the README list them.</summary>
internal static class ExitCodes
{
    /// <summary>Done: every experiment run passed (skipped ones aside), or the command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An experiment failed (an expectation did not hold) or was inconclusive (the fleet was not at its steady state before injection).</summary>
    public const int ExperimentFailed = 1;

    /// <summary>A flag, argument or input file that cannot be used; nothing was started and nothing changed.</summary>
    public const int BadInput = 2;

    /// <summary>The harness or the infrastructure under it failed: a fleet would not start or stop, a revert failed, an experiment broke, no report could be made.</summary>
    public const int HarnessError = 3;

    /// <summary>Ctrl-C or SIGTERM: faults were reverted and the report written for what ran (128 + SIGINT, as shells do).</summary>
    public const int Cancelled = 130;
}
