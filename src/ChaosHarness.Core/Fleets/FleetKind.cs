namespace ChaosHarness.Core.Fleets;

public enum FleetKind
{
    /// <summary>The simulated fleet on 127.0.0.1, described by the fleet.json it writes.</summary>
    Embedded,

    /// <summary>Real clusters described by a fleet file.</summary>
    Real,
}
