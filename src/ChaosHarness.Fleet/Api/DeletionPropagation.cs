namespace ChaosHarness.Fleet.Api;

public enum DeletionPropagation
{
    Background,
    Foreground,
    Orphan,
}
