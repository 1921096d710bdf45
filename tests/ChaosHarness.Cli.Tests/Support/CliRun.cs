namespace ChaosHarness.Cli.Tests.Support;

/// <summary>How a chaos process ended: its exit code and everything it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
