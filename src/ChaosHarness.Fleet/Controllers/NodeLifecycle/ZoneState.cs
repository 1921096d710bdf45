namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>The node lifecycle controller's view of a zone's health, which sets how fast its lost nodes are tainted.</summary>
public enum ZoneState
{
    Initial,
    Normal,
    PartialDisruption,
    FullDisruption,
}
