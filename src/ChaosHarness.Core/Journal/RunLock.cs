namespace ChaosHarness.Core.Journal;

/// <summary>
/// Proves a run is alive: an exclusively locked file the operating system releases when the process dies,
/// however it dies (kill -9 included). A reverter that can take the lock knows the run is gone.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public static RunLock Acquire(string path)
        => TryAcquire(path) ?? throw new IOException($"Run lock '{path}' is held by a live process.");

    public static RunLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var owner = System.Text.Encoding.UTF8.GetBytes($"{Environment.MachineName} {Environment.ProcessId}\n");
            stream.SetLength(0);
            stream.Write(owner);
            stream.Flush(flushToDisk: true);
            return new RunLock(stream, path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
