using System.Diagnostics;
using ChaosHarness.Reporting.Generation;

namespace ChaosHarness.Cli.Reports;

/// <summary>
/// The Allure command line pinned in <c>tools/allure</c>: installed with <c>npm ci</c> on first use, so that the main
/// job works on a fresh machine (what scripts/install-report-tools.sh does for the tests, without the browser).
/// </summary>
internal static class ReportTools
{
    public static async Task<AllureCommandLine> EnsureInstalledAsync(string repositoryRoot, TextWriter output, CancellationToken cancellationToken)
    {
        var allure = AllureCommandLine.InRepository(repositoryRoot);
        if (allure.IsInstalled)
        {
            return allure;
        }

        var toolsDirectory = Path.Combine(repositoryRoot, "tools", "allure");
        if (!File.Exists(Path.Combine(toolsDirectory, "package-lock.json")))
        {
            throw new ReportGenerationException($"{toolsDirectory} holds no package-lock.json: the Allure command line cannot be installed.");
        }

        await output.WriteLineAsync($"installing the Allure command line {AllureCommandLine.PinnedVersion} (npm ci in {toolsDirectory})").ConfigureAwait(false);
        var start = new ProcessStartInfo("npm") { WorkingDirectory = toolsDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ReportGenerationException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ReportGenerationException($"npm is not installed ({e.Message}); install Node.js and npm, or run scripts/install-report-tools.sh.");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new ReportGenerationException($"npm ci in {toolsDirectory} exited with {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
            }
        }

        return allure.IsInstalled ? allure : throw new ReportGenerationException($"npm ci did not install {allure.Executable}.");
    }
}
