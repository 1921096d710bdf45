namespace ChaosHarness.Fleet.Storage;

/// <summary>The objects of one kind at one resource version.</summary>
public sealed record StoreSnapshot(IReadOnlyList<StoredObject> Items, long ResourceVersion);
