using System.Diagnostics;
using System.Text;

namespace ChaosHarness.Reporting.Generation;

/// <summary>
/// The Allure 2 command line installed from npm into <c>tools/allure</c> (pinned by its package-lock.json;
/// <c>scripts/install-report-tools.sh</c> installs it). It runs on the machine's Java 17.
/// </summary>
public sealed class AllureCommandLine
{
    public const string PinnedVersion = "2.46.1";

    public AllureCommandLine(string executable)
    {
        Executable = executable;
    }

    public string Executable { get; }

    public static AllureCommandLine InRepository(string repositoryRoot) =>
        new(Path.Combine(repositoryRoot, "tools", "allure", "node_modules", ".bin", "allure"));

    /// <summary>The one under <c>tools/allure</c> of the repository this program runs from (or, failing that, the working directory's).</summary>
    public static AllureCommandLine Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, Allure.RepositoryRoot.Marker)))
                {
                    return InRepository(directory.FullName);
                }
            }
        }

        throw new ReportGenerationException(
            $"No {Allure.RepositoryRoot.Marker} above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}: pass the Allure command line to use (ReportOptions.CommandLine).");
    }

    public bool IsInstalled => File.Exists(Executable);

    /// <summary>Runs the command line to its end; throws with its output when it fails.</summary>
    public async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (!IsInstalled)
        {
            throw new ReportGenerationException($"The Allure command line is not installed at {Executable}; run scripts/install-report-tools.sh.");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new ReportGenerationException($"Could not start {Executable}.");
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            CopyLinesAsync(process.StandardOutput, output),
            CopyLinesAsync(process.StandardError, output));
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await reading.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new ReportGenerationException($"allure {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
        }

        return output.ToString();
    }

    private static async Task CopyLinesAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
