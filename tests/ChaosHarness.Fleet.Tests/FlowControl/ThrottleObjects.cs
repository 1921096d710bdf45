using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>
/// API Priority and Fairness objects aimed at one service account, shaped as the harness's ApiThrottle fault shapes
/// them: a PriorityLevelConfiguration with few (or no) shares that rejects, and a FlowSchema below the built-in
/// service-accounts schema that puts every request of the account there.
/// </summary>
internal static class ThrottleObjects
{
    /// <param name="borrowingLimitPercent">0 for a squeeze that holds under any load: a level may otherwise borrow idle seats.</param>
    public static JsonObject PriorityLevel(string name, int shares, string limitResponse = "Reject", int queues = 1, int queueLengthLimit = 5,
        int? borrowingLimitPercent = null)
    {
        var response = new JsonObject { ["type"] = limitResponse };
        if (limitResponse == "Queue") response["queuing"] = new JsonObject { ["queues"] = queues, ["handSize"] = 1, ["queueLengthLimit"] = queueLengthLimit };
        var limited = new JsonObject { ["nominalConcurrencyShares"] = shares, ["lendablePercent"] = 0, ["limitResponse"] = response };
        if (borrowingLimitPercent is { } percent) limited["borrowingLimitPercent"] = percent;
        return new JsonObject
        {
            ["apiVersion"] = "flowcontrol.apiserver.k8s.io/v1",
            ["kind"] = "PriorityLevelConfiguration",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["type"] = "Limited", ["limited"] = limited },
        };
    }

    public static JsonObject FlowSchema(string name, string priorityLevel, string serviceAccountNamespace, string serviceAccountName, int matchingPrecedence = 500) => new()
    {
        ["apiVersion"] = "flowcontrol.apiserver.k8s.io/v1",
        ["kind"] = "FlowSchema",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["priorityLevelConfiguration"] = new JsonObject { ["name"] = priorityLevel },
            ["matchingPrecedence"] = matchingPrecedence,
            ["distinguisherMethod"] = new JsonObject { ["type"] = "ByUser" },
            ["rules"] = new JsonArray(new JsonObject
            {
                ["subjects"] = new JsonArray(new JsonObject
                {
                    ["kind"] = "ServiceAccount",
                    ["serviceAccount"] = new JsonObject { ["namespace"] = serviceAccountNamespace, ["name"] = serviceAccountName },
                }),
                ["resourceRules"] = new JsonArray(new JsonObject
                {
                    ["verbs"] = new JsonArray("*"),
                    ["apiGroups"] = new JsonArray("*"),
                    ["resources"] = new JsonArray("*"),
                    ["clusterScope"] = true,
                    ["namespaces"] = new JsonArray("*"),
                }),
                ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
            }),
        },
    };
}
