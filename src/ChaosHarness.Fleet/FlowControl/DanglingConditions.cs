using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// Keeps each FlowSchema's <c>Dangling</c> condition true to whether its priority level exists, worded as the real
/// server's configuration controller words it (<c>kubectl get flowschemas</c> shows it as MISSINGPL).
/// </summary>
internal static class DanglingConditions
{
    public static void Reconcile(ObjectStore store, IEnumerable<StoredObject> schemas, Func<string, bool> levelExists, DateTimeOffset now)
    {
        foreach (var schema in schemas)
        {
            var body = schema.ToJsonObject();
            var level = (string?)body["spec"]?["priorityLevelConfiguration"]?["name"] ?? "";
            var dangling = !levelExists(level);
            var wanted = dangling ? "True" : "False";
            if (body["status"] is not JsonObject status) body["status"] = status = [];
            if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
            var current = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Dangling");
            if ((string?)current?["status"] == wanted) continue;
            var condition = new JsonObject
            {
                ["type"] = "Dangling",
                ["status"] = wanted,
                ["lastTransitionTime"] = KubernetesTime.Format(now),
                ["reason"] = dangling ? "NotFound" : "Found",
                ["message"] = dangling
                    ? $"This FlowSchema references the PriorityLevelConfiguration object named \"{level}\" but there is no such object"
                    : $"This FlowSchema references the PriorityLevelConfiguration object named \"{level}\" and it exists",
            };
            if (current is null) conditions.Add(condition);
            else conditions[conditions.IndexOf(current)] = condition;
            try
            {
                store.Update(BuiltInResources.FlowSchemas, body, schema.ResourceVersion);
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                // Changed or gone meanwhile: that change reconfigures flow control, and the next rebuild looks again.
            }
        }
    }
}
