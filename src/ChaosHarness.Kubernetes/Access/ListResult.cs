using System.Text.Json.Nodes;

namespace ChaosHarness.Kube.Access;

/// <summary>A list of objects and the resource version to watch from.</summary>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, string ResourceVersion);
