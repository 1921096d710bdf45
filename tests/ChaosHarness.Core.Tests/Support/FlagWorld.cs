using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>A tiny world of named flags that test faults raise and their undo handler lowers.</summary>
internal sealed class FlagWorld
{
    public ConcurrentDictionary<string, string> Raised { get; } = new();

    public List<string> Log { get; } = [];

    public IUndoHandler UndoHandler => new LowerFlag(this);

    public sealed class LowerFlag(FlagWorld world) : IUndoHandler
    {
        public const string UndoKind = "test/flag";

        public string Kind => UndoKind;

        public Func<string, bool> Fails { get; init; } = _ => false;

        public ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
        {
            var flag = undo.RequireString("flag");
            if (Fails(flag))
            {
                throw new InvalidOperationException($"cannot lower {flag}");
            }

            // Only this run's flag: someone else's stays raised.
            if (world.Raised.TryGetValue(flag, out var owner) && owner == run.Value)
            {
                world.Raised.TryRemove(flag, out _);
            }

            lock (world.Log)
            {
                world.Log.Add($"lower {flag}");
            }

            return ValueTask.CompletedTask;
        }
    }
}
