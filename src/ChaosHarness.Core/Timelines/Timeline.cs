using System.Text;
using ChaosHarness.Core.Clock;

namespace ChaosHarness.Core.Timelines;

/// <summary>Everything observed and done during one experiment, in fleet time, in order of recording.</summary>
public sealed class Timeline(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<TimelineEvent> _events = [];

    public DateTimeOffset Origin { get; } = clock.GetUtcNow();

    public TimeProvider Clock { get; } = clock;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    public TimelineEvent Record(TimelineEventKind kind, string source, string subject, string change, DateTimeOffset? at = null)
    {
        var e = new TimelineEvent(at ?? Clock.GetUtcNow(), kind, source, subject, change);
        lock (_gate)
        {
            _events.Add(e);
        }

        return e;
    }

    public IReadOnlyList<TimelineEvent> Snapshot()
    {
        lock (_gate)
        {
            return _events.ToList();
        }
    }

    /// <summary>The events from <paramref name="before"/> ahead of <paramref name="at"/> to <paramref name="after"/> past it.</summary>
    public IReadOnlyList<TimelineEvent> Around(DateTimeOffset at, TimeSpan before, TimeSpan after)
        => Snapshot().Where(e => e.At >= at - before && e.At <= at + after).OrderBy(e => e.At).ToList();

    public string Format(IEnumerable<TimelineEvent> events, int maxLines = 60)
    {
        var list = events.ToList();
        var shown = list.Count > maxLines ? list.Skip(list.Count - maxLines).ToList() : list;
        var text = new StringBuilder();
        if (shown.Count < list.Count)
        {
            text.AppendLine($"  … {list.Count - shown.Count} earlier event(s)");
        }

        foreach (var e in shown)
        {
            text.AppendLine($"  {e.At.Relative(Origin)}  {e.Kind,-11} {e.Source,-14} {e.Subject,-36} {e.Change}");
        }

        return text.ToString();
    }

    public string Format() => Format(Snapshot(), int.MaxValue);
}
