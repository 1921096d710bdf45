using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>Builds the JSON of objects as watches deliver them.</summary>
internal static class Objects
{
    private static long _rv = 1000;

    public static JsonObject Rollout(string name, int step, int weight, string phase = "Paused", bool abort = false, string? message = null, string stable = "stable1", string current = "canary2", int steps = 5)
        => new()
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Rollout",
            ["metadata"] = Meta(name, "shop", generation: 2),
            ["spec"] = new JsonObject
            {
                ["strategy"] = new JsonObject { ["canary"] = new JsonObject { ["steps"] = new JsonArray([.. Enumerable.Range(0, steps).Select(_ => (JsonNode)new JsonObject { ["setWeight"] = 20 })]) } },
            },
            ["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["message"] = message,
                ["abort"] = abort,
                ["currentStepIndex"] = step,
                ["stableRS"] = stable,
                ["currentPodHash"] = current,
                ["observedGeneration"] = "2",
                ["canary"] = new JsonObject { ["weights"] = new JsonObject { ["canary"] = new JsonObject { ["weight"] = weight }, ["stable"] = new JsonObject { ["weight"] = 100 - weight } } },
            },
        };

    public static JsonObject ReplicaSet(string name, string hashLabel, string hash, int replicas, string? revision = null, string? owner = null)
    {
        var meta = Meta(name, "shop");
        ((JsonObject)meta["labels"]!)[hashLabel] = hash;
        if (revision is not null)
        {
            meta["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision };
        }

        if (owner is not null)
        {
            meta["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = "Deployment", ["name"] = owner, ["controller"] = true });
        }

        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["metadata"] = meta, ["spec"] = new JsonObject { ["replicas"] = replicas }, ["status"] = new JsonObject { ["readyReplicas"] = replicas } };
    }

    public static JsonObject Deployment(string name, string revision, int replicas, int updated, int available, string progressingReason = "ReplicaSetUpdated")
    {
        var meta = Meta(name, "shop", generation: 3);
        meta["annotations"] = new JsonObject { ["deployment.kubernetes.io/revision"] = revision };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = meta,
            ["spec"] = new JsonObject { ["replicas"] = replicas },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 3,
                ["replicas"] = replicas,
                ["updatedReplicas"] = updated,
                ["availableReplicas"] = available,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = progressingReason }),
            },
        };
    }

    public static JsonObject Node(string name, string zone, bool ready = true, bool unschedulable = false)
        => new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["resourceVersion"] = Interlocked.Increment(ref _rv).ToString(), ["labels"] = new JsonObject { ["topology.kubernetes.io/zone"] = zone } },
            ["spec"] = new JsonObject { ["unschedulable"] = unschedulable },
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "Unknown" }) },
        };

    private static JsonObject Meta(string name, string ns, int generation = 1)
        => new()
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["uid"] = "uid-" + name,
            ["generation"] = generation,
            ["resourceVersion"] = Interlocked.Increment(ref _rv).ToString(),
            ["labels"] = new JsonObject(),
        };
}
