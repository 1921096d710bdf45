namespace ChaosHarness.Fleet.Storage;

/// <summary>What a watcher receives: an object entering, changing in or leaving its selection.</summary>
public readonly record struct WatchEvent(WatchEventType Type, StoredObject Object);
