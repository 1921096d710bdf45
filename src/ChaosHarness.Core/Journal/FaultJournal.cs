using System.Text;

namespace ChaosHarness.Core.Journal;

/// <summary>
/// A run's append-only journal: one JSON line per entry in <c>{directory}/{run}.jsonl</c>, flushed to disk
/// (and stored by every mirror) before <see cref="AppendAsync"/> returns. The run's lock is held while it is open.
/// </summary>
public sealed class FaultJournal : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FileStream _file;
    private readonly RunLock _lock;
    private readonly TimeProvider _clock;
    private readonly List<IJournalMirror> _mirrors = [];
    private long _sequence;
    private bool _disposed;

    private FaultJournal(RunId run, string path, FileStream file, RunLock runLock, TimeProvider clock, long sequence)
    {
        Run = run;
        Path = path;
        _file = file;
        _lock = runLock;
        _clock = clock;
        _sequence = sequence;
    }

    public RunId Run { get; }

    public string Path { get; }

    /// <summary>Opens (or creates) the journal of <paramref name="run"/>, taking its run lock.</summary>
    public static async Task<FaultJournal> OpenAsync(string directory, RunId run, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var path = JournalDirectory.JournalPath(directory, run);
        var runLock = RunLock.TryAcquire(JournalDirectory.LockPath(directory, run))
                      ?? throw new IOException($"The journal of run {run} is held by a live process; a run's journal has one writer.");
        try
        {
            var existing = File.Exists(path) ? JournalJson.ReadLines(await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false)) : [];
            var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var sequence = existing.Count == 0 ? 0 : existing.Max(e => e.Sequence);
            return new FaultJournal(run, path, file, runLock, clock, sequence);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    public void AddMirror(IJournalMirror mirror) => _mirrors.Add(mirror);

    /// <summary>Appends an entry (sequence and time are filled in) and returns it once it is durable.</summary>
    /// <param name="localOnly">Write to disk only: for the note that a mirror could not take the previous entry.</param>
    public async Task<JournalEntry> AppendAsync(JournalEntry draft, CancellationToken cancellationToken = default, bool localOnly = false)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var entry = draft with { Run = Run.Value, Sequence = ++_sequence, At = _clock.GetUtcNow() };
            var line = Encoding.UTF8.GetBytes(JournalJson.Serialize(entry) + "\n");
            await _file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);
            foreach (var mirror in localOnly ? [] : _mirrors)
            {
                await mirror.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            return entry;
        }
        finally
        {
            _gate.Release();
        }
    }

    public JournalEntry Draft(JournalEntryKind kind) => new(Run.Value, 0, default, kind);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await _file.DisposeAsync().ConfigureAwait(false);
            _lock.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
