using System.Diagnostics;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>The crash probe (tests/helpers) as a child process: injects, says INJECTED, waits to be killed.</summary>
public sealed class CrashProbeProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _injected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _output = new();

    private CrashProbeProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public static CrashProbeProcess Start(Uri endpoint, string journalDirectory, string run, string stopZone, string blackholeZone)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "ChaosHarness.Cloud.CrashProbe.dll");
        var start = new ProcessStartInfo("dotnet", [probe, endpoint.ToString(), journalDirectory, run, stopZone, blackholeZone])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        // The probe finds credentials through the AWS SDK's standard chain, from the environment.
        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        var crash = new CrashProbeProcess(Process.Start(start)!);
        crash._process.OutputDataReceived += (_, e) => crash.OnLine(e.Data);
        crash._process.ErrorDataReceived += (_, e) => crash.OnLine(e.Data);
        crash._process.Exited += (_, _) => crash._injected.TrySetException(new InvalidOperationException($"the crash probe exited before injecting:\n{crash.Output}"));
        crash._process.EnableRaisingEvents = true;
        crash._process.BeginOutputReadLine();
        crash._process.BeginErrorReadLine();
        return crash;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Task WaitUntilInjectedAsync(TimeSpan deadline) => _injected.Task.WaitAsync(deadline);

    /// <summary>SIGKILL: no finally block, no dispose, no revert runs in the probe.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith("INJECTED ", StringComparison.Ordinal))
        {
            _injected.TrySetResult(line);
        }
    }
}
