using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Traffic;

/// <summary>Every sample of a probe, in order, and the statistics expectations ask of them.</summary>
public sealed class TrafficRecord
{
    private readonly Lock _gate = new();
    private readonly List<TrafficSample> _samples = [];

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

    public void Add(TrafficSample sample)
    {
        lock (_gate)
        {
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
