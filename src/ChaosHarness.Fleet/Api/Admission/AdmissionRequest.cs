using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>A write on its way to the store. Plugins may change <see cref="Object"/> or refuse by throwing <see cref="ApiException"/>.</summary>
public sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceType Type,
    JsonObject Object,
    StoredObject? Existing,
    ApiCaller Caller,
    string? Subresource);
