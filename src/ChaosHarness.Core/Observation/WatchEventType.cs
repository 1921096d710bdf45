namespace ChaosHarness.Core.Observation;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
