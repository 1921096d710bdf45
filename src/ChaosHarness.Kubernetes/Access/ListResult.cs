using System.Text.Json.Nodes;

namespace ChaosHarness.Kubernetes.Access;

/// <summary>A list of objects and the resource version to watch from.</summary>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, string ResourceVersion);
