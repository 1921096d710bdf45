using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Journal;

/// <summary>
/// The exact, serialisable undo of one change a fault makes. A later process reverts it through the
/// <see cref="IUndoHandler"/> registered for <see cref="Kind"/>, without the fault object that made it.
/// </summary>
/// <param name="Kind">Names the handler, e.g. <c>kubernetes/node-zone-outage</c>.</param>
/// <param name="Cluster">The fleet cluster the change is made in.</param>
/// <param name="Subject">What is changed, for people ("node eu-west-1a-3").</param>
/// <param name="Data">Everything the handler needs, and nothing that could be a secret.</param>
public sealed record UndoRecord(string Kind, string Cluster, string Subject, JsonObject Data)
{
    public string? GetString(string key) => Data[key]?.GetValue<string>();

    public string RequireString(string key)
        => GetString(key) ?? throw new InvalidOperationException($"Undo record '{Kind}' for {Subject} lacks '{key}'.");
}
