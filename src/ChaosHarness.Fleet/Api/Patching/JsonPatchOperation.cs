using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// One RFC 6902 operation. <see cref="From"/> is set for move and copy only; <see cref="Value"/> is meaningful for
/// add, replace and test (where JSON null is a legitimate value).
/// </summary>
public sealed record JsonPatchOperation(JsonPatchOperationType Op, JsonPointer Path, JsonPointer? From = null, JsonNode? Value = null)
{
    public string Name => Op.ToString().ToLowerInvariant();
}
