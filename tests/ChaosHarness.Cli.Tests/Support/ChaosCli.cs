using System.Diagnostics;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>
/// Runs the built <c>chaos</c> command (chaos.dll beside the tests) in a work folder, with its reports folder
/// (<c>CHAOS_REPORTS</c>) there too, so a test never touches the repository's reports/ and sees exactly what one run wrote.
/// </summary>
internal sealed class ChaosCli
{
    /// <summary>How long a command may take before the test gives up on it (a hang, not a speed figure).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    public ChaosCli(string workDirectory)
    {
        WorkDirectory = workDirectory;
        Reports = Path.Combine(workDirectory, "reports");
    }

    public string WorkDirectory { get; }

    public string Reports { get; }

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "chaos.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CHAOS_REPORTS"] = Reports;
        info.Environment.Remove("CHAOS_FLEET");
        info.Environment.Remove("CHAOS_DRY_RUN");
        info.Environment.Remove("ALLURE_RESULTS_DIRECTORY");
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var process = Start(args);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(Patience);
            return new CliRun(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Every file under the reports folder, relative: what a command left behind.</summary>
    public IReadOnlyList<string> ReportFiles()
        => Directory.Exists(Reports)
            ? [.. Directory.EnumerateFiles(Reports, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Reports, f)).Order(StringComparer.Ordinal)]
            : [];
}
