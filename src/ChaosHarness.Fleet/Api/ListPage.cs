using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api;

/// <summary>One page of a list. <see cref="LastKey"/> is set when more items follow, for the continue token.</summary>
public sealed record ListPage(IReadOnlyList<StoredObject> Items, long ResourceVersion, ObjectKey? LastKey, int RemainingItemCount);
