using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Experiments.Support;

/// <summary>
/// The traffic probe sized for an accelerated fleet: a round trip keeps a 2 s wall-clock timeout floor, which is
/// 2 s × speed of fleet time, so at 5 requests per fleet second a pause of the test machine of a tenth of a wall second
/// fills the default 32 places — and the probe would count its own saturation as failed requests of the app.
/// Room for the whole timeout window keeps what the budget counts to what the fleet served.
/// </summary>
internal static class SizedTrafficProbe
{
    private const int MaxPlaces = 1024;

    public static TrafficProbe StartSizedTrafficProbe(this Experiment experiment)
    {
        var options = new TrafficProbeOptions();
        var window = Math.Max(options.Timeout.TotalSeconds, 2 * experiment.Fleet.Speed);
        var places = (int)Math.Clamp(Math.Ceiling(options.RequestsPerSecond * window), options.MaxInFlight, MaxPlaces);
        return experiment.StartTrafficProbe(options: options with { MaxInFlight = places });
    }
}
