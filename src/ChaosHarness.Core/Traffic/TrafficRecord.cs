using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Traffic;

/// <summary>Every sample of a probe, in order, and the statistics expectations ask of them.</summary>
public sealed class TrafficRecord
{
    private readonly Lock _gate = new();
    private readonly List<TrafficSample> _samples = [];
    private readonly List<DateTimeOffset> _inFlight = [];

    public ChangeSignal Signal { get; } = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    /// <summary>A request sent at <paramref name="at"/> awaits its answer; its sample, once added, ends the wait.</summary>
    public void Begin(DateTimeOffset at)
    {
        lock (_gate)
        {
            _inFlight.Add(at);
        }
    }

    /// <summary>
    /// Until when the record is complete: the send time of the oldest request still awaiting its answer, else
    /// <paramref name="now"/>. A window judged past it would miss exactly its slowest requests (timeouts, a dark region's).
    /// </summary>
    public DateTimeOffset SettledUntil(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _inFlight.Count == 0 ? now : new[] { now, _inFlight.Min() }.Min();
        }
    }

    public void Add(TrafficSample sample)
    {
        lock (_gate)
        {
            _inFlight.Remove(sample.At);
            var i = _samples.Count;
            while (i > 0 && _samples[i - 1].At > sample.At)
            {
                i--;
            }

            _samples.Insert(i, sample);
        }

        Signal.Notify();
    }

    public TrafficWindow Window(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return new TrafficWindow(from, to, _samples.Where(s => s.At >= from && s.At <= to).ToList());
        }
    }

    public TrafficWindow Since(DateTimeOffset from) => Window(from, DateTimeOffset.MaxValue);

    public TrafficWindow Last(TimeSpan span, DateTimeOffset now) => Window(now - span, now);
}
