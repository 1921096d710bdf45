using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Observation;

/// <summary>One change the watchers delivered, as it happened (expectations that must not miss a step listen to these).</summary>
public sealed record ObservedChange(ObjectRef Ref, JsonObject? Before, JsonObject? After, DateTimeOffset At);
