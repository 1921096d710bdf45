using System.Text.Json.Nodes;

namespace ChaosHarness.Kube.Access;

/// <summary>One line of a watch stream: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, with its object.</summary>
public sealed record RawWatchEvent(string Type, JsonObject Object);
