using ChaosHarness.Core.Experiments;

namespace ChaosHarness.Testing.Running;

/// <summary>
/// The experiments running in this process right now, for a live progress display (<c>chaos gameday</c>, <c>chaos plan</c>):
/// each with its fleet clock, timeline and faults. <see cref="ChaosRun"/> posts them as <see cref="ChaosExperiment"/>
/// starts and ends them.
/// </summary>
public static class ProgressBoard
{
    private static readonly Lock Gate = new();
    private static readonly List<Experiment> Live = [];

    /// <summary>Raised when an experiment has started (before its steady-state check).</summary>
    public static event Action<Experiment>? Started;

    /// <summary>Raised when an experiment has ended: its faults reverted, its timeline complete.</summary>
    public static event Action<Experiment>? Ended;

    public static IReadOnlyList<Experiment> Running
    {
        get
        {
            lock (Gate)
            {
                return [.. Live];
            }
        }
    }

    internal static void Post(Experiment experiment)
    {
        lock (Gate)
        {
            Live.Add(experiment);
        }

        Started?.Invoke(experiment);
    }

    internal static void Remove(Experiment experiment)
    {
        lock (Gate)
        {
            Live.Remove(experiment);
        }

        Ended?.Invoke(experiment);
    }
}
