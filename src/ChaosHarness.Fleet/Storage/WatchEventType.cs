namespace ChaosHarness.Fleet.Storage;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
