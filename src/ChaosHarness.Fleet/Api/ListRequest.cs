using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api;

/// <summary>A list, already parsed: which objects (namespace, filter from selectors) and which page.</summary>
public sealed record ListRequest(string? Namespace = null, Func<StoredObject, bool>? Filter = null, int? Limit = null, ObjectKey? After = null);
