namespace ChaosHarness.Core.Journal;

/// <summary>The journals of all runs on this machine (<c>reports/journal/</c> by default).</summary>
public sealed class JournalDirectory(string path)
{
    public const string DefaultPath = "reports/journal";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static string JournalPath(string directory, RunId run) => System.IO.Path.Combine(directory, run.Value + ".jsonl");

    public static string LockPath(string directory, RunId run) => System.IO.Path.Combine(directory, run.Value + ".lock");

    public IReadOnlyList<RunId> Runs()
        => Directory.Exists(Path)
            ? Directory.EnumerateFiles(Path, "*.jsonl").Select(f => new RunId(System.IO.Path.GetFileNameWithoutExtension(f))).OrderBy(r => r.Value, StringComparer.Ordinal).ToList()
            : [];

    /// <summary>True while the process that runs <paramref name="run"/> holds its lock.</summary>
    public bool IsAlive(RunId run)
    {
        using var probe = RunLock.TryAcquire(LockPath(Path, run));
        return probe is null;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(RunId run, CancellationToken cancellationToken = default)
    {
        var file = JournalPath(Path, run);
        if (!File.Exists(file))
        {
            return [];
        }

        // FileShare.ReadWrite: the run may still be appending; we read what is flushed.
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines.Add(line);
        }

        return JournalJson.ReadLines(lines);
    }
}
