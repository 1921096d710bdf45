using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>Traffic is back in a zone: over the last window, the zone served at least a share of the successful requests.</summary>
public sealed class ZoneServesTraffic(string zone, double minShare, TimeSpan within, TimeSpan window) : Expectation
{
    public override string Name => $"zone {zone} serves ≥ {minShare:P0} of traffic within {within.TotalSeconds:0}s";

    public override TimeSpan Deadline => within;

    protected override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var last = context.RequireTraffic(Name).Last(window, now);
        var share = last.ShareServedBy(ServedBy.Zone(zone).Matches);
        var seen = $"over the last {window.TotalSeconds:0}s zone {zone} served {share:P1} ({last})";
        return last.Total > 0 && share >= minShare ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
