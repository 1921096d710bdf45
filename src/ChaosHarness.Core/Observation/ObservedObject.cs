using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Observation;

/// <summary>The latest known state of an object, as its watch delivered it.</summary>
/// <param name="ObservedAt">Fleet time at which the harness received this version.</param>
public sealed record ObservedObject(ObjectRef Ref, JsonObject Body, DateTimeOffset ObservedAt)
{
    public string? ResourceVersion => Body.Str("metadata.resourceVersion");

    public long Generation => Body.Long("metadata.generation") ?? 0;

    public string? Label(string key) => (Body.At("metadata.labels") as JsonObject)?[key]?.GetValue<string>();

    public string? Annotation(string key) => (Body.At("metadata.annotations") as JsonObject)?[key]?.GetValue<string>();
}
