using System.Diagnostics;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

/// <summary>Runs one of the suites beside these tests as its own <c>dotnet test</c> run, the way CI runs the experiments.</summary>
internal static class SuiteRun
{
    /// <returns>The run's exit code and its console output.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string suite, IReadOnlyDictionary<string, string> environment, TimeSpan deadline, bool build = true)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "test", Project(suite), "-c", BuildConfiguration(), "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        if (!build)
        {
            start.ArgumentList.Add("--no-build");
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet test {suite} did not end within {deadline}:\n{await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    // Built by this project's reference to it, in the same configuration as these tests.
    private static string Project(string suite) =>
        Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "tests", "ChaosHarness.Reporting.Tests", suite, $"ChaosHarness.Reporting.{suite}.csproj");

    private static string BuildConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
}
