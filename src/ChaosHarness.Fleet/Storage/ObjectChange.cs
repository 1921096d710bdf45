namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// One committed write, as the store's history keeps it: the new version (for a deletion, the last version with a new
/// resource version) and the version it replaced, so that a filtered watch can tell "entered" from "left" its selection.
/// </summary>
public sealed record ObjectChange(WatchEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;
}
