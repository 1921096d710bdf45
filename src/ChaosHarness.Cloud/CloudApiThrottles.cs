using System.Collections.Concurrent;
using System.Globalization;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud;

/// <summary>
/// The throttles a run has started, by name: lent to <see cref="CloudApiThrottling"/> faults and the undo handler that
/// puts a throttle's rate back. A throttle lives in its run's process, so after a crash there is nothing left to undo.
/// </summary>
public sealed class CloudApiThrottles : IUndoHandler
{
    public const string UndoKind = "cloud/api-throttle";

    private readonly ConcurrentDictionary<string, CloudApiThrottle> _throttles = new(StringComparer.Ordinal);

    public string Kind => UndoKind;

    public CloudApiThrottles Add(string name, CloudApiThrottle throttle)
    {
        _throttles[name] = throttle;
        return this;
    }

    public CloudApiThrottle? Find(string name) => _throttles.GetValueOrDefault(name);

    public ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        if (Find(undo.RequireString("throttle")) is { } throttle)
        {
            throttle.InjectionRate = double.Parse(undo.RequireString("previousRate"), CultureInfo.InvariantCulture);
        }

        return ValueTask.CompletedTask;
    }
}
