using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>Controller owner references, as metav1.NewControllerRef makes them, and claiming objects by them.</summary>
internal static class OwnerReferences
{
    public static V1OwnerReference? ControllerOf(V1ObjectMeta? metadata) => metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    public static JsonObject ControllerRef(StoredObject owner) => new()
    {
        ["apiVersion"] = owner.Type.ApiVersion,
        ["kind"] = owner.Type.Kind,
        ["name"] = owner.Name,
        ["uid"] = owner.Uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>Mutation adding <paramref name="owner"/> as controller, unless the object already has one.</summary>
    public static Func<JsonObject, bool> Adopt(StoredObject owner) => body =>
    {
        if (body["metadata"] is not JsonObject metadata || metadata["deletionTimestamp"] is not null) return false;
        if (metadata["ownerReferences"] is not JsonArray refs) metadata["ownerReferences"] = refs = [];
        if (refs.OfType<JsonObject>().Any(r => (bool?)r["controller"] == true)) return false;
        refs.Add(ControllerRef(owner));
        return true;
    };

    /// <summary>Mutation removing <paramref name="ownerUid"/> from the object's owners.</summary>
    public static Func<JsonObject, bool> Release(string ownerUid) => body =>
    {
        if (body["metadata"]?["ownerReferences"] is not JsonArray refs) return false;
        var mine = refs.OfType<JsonObject>().Where(r => (string?)r["uid"] == ownerUid).ToList();
        if (mine.Count == 0) return false;
        foreach (var r in mine) refs.Remove(r);
        return true;
    };
}
