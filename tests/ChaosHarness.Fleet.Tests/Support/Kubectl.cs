using System.Diagnostics;
using System.Text;

namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>
/// Runs a real kubectl build against a fleet: the dispatcher on PATH (which picks a build by the server's minor
/// version) or one of the builds beside it (<c>kubectl.1.27</c> … <c>kubectl.1.33</c>). Every run gets the fleet's
/// kubeconfig, a context and its own discovery cache folder, and is bounded in time.
/// </summary>
public sealed class Kubectl(string build, string kubeconfig, string context, string cacheDirectory)
{
    public const string Dispatcher = "kubectl";
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    public string Build { get; } = build;

    /// <summary>The folder holding the dispatcher's builds: where the <c>kubectl</c> on PATH really lives.</summary>
    public static string BuildsDirectory { get; } = FindBuildsDirectory();

    public string Executable => Path.Combine(BuildsDirectory, Build);

    public async Task<KubectlResult> RunAsync(params string[] args) => await RunAsync(args, stdin: null, DefaultLimit);

    public async Task<KubectlResult> RunAsync(IReadOnlyList<string> args, string? stdin, TimeSpan limit)
    {
        using var process = Start(args, redirectInput: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Build} {string.Join(' ', args)} did not finish within {limit}; output so far: {await output}{await error}");
        }

        return new KubectlResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts kubectl and leaves it running, for commands that stream (<c>get -w</c>).</summary>
    public Process Start(IReadOnlyList<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.ArgumentList.Add($"--kubeconfig={kubeconfig}");
        info.ArgumentList.Add($"--context={context}");
        info.ArgumentList.Add($"--cache-dir={cacheDirectory}");
        info.Environment.Remove("KUBECONFIG");
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {Executable}");
    }

    private static string FindBuildsDirectory()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, Dispatcher);
            if (!File.Exists(candidate)) continue;
            var target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            return Path.GetDirectoryName(target)!;
        }

        throw new InvalidOperationException("kubectl is not on PATH; the kubectl tests need the Google Cloud SDK's kubectl builds.");
    }
}
