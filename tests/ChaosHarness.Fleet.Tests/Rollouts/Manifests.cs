using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>Rollouts and analysis templates as a team would write them.</summary>
internal static class Manifests
{
    public const string GoodImage = "registry.example/checkout:1.0";

    public static JsonObject Rollout(string steps, int replicas = 5, string image = GoodImage, string name = "checkout", string? canaryExtras = null,
        string? specExtras = null)
    {
        var rollout = Fill("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"NAME"},
             "spec":{"replicas":REPLICAS,"revisionHistoryLimit":3,"selector":{"matchLabels":{"app":"NAME"}},
                     "template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[CONTAINER]}},
                     "strategy":{"canary":{"canaryService":"NAME-canary","stableService":"NAME-stable",
                                           "trafficRouting":{"nginx":{"stableIngress":"NAME"}},"steps":STEPS}}}}
            """, ("NAME", name), ("REPLICAS", replicas.ToString(CultureInfo.InvariantCulture)), ("CONTAINER", Container(image)), ("STEPS", steps));
        var body = JsonNode.Parse(rollout)!.AsObject();
        if (canaryExtras is not null) Merge(body["spec"]!["strategy"]!["canary"]!.AsObject(), canaryExtras);
        if (specExtras is not null) Merge(body["spec"]!.AsObject(), specExtras);
        return body;
    }

    /// <summary>The JSON merge patch of a new image, as a deploy pipeline changes the template.</summary>
    public static string SetImage(string image) => Fill("""{"spec":{"template":{"spec":{"containers":[CONTAINER]}}}}""", ("CONTAINER", Container(image)));

    public static string SuccessRateTemplate(string name = "success-rate", string interval = "10s", int count = 3, int failureLimit = 0,
        string condition = "result[0] >= 0.95", string metric = "success-rate") => Fill("""
        {"apiVersion":"argoproj.io/v1alpha1","kind":"AnalysisTemplate","metadata":{"name":"NAME"},
         "spec":{"args":[{"name":"canary-hash"}],
                 "metrics":[{"name":"METRIC","interval":"INTERVAL","count":COUNT,"failureLimit":LIMIT,"successCondition":"CONDITION",
                             "provider":{"fleet":{"metric":"METRIC","window":"30s","podTemplateHash":"{{args.canary-hash}}"}}}]}}
        """, ("NAME", name), ("INTERVAL", interval), ("COUNT", count.ToString(CultureInfo.InvariantCulture)),
        ("LIMIT", failureLimit.ToString(CultureInfo.InvariantCulture)), ("CONDITION", condition), ("METRIC", metric));

    public const string CanaryHashArgument = """[{"name":"canary-hash","valueFrom":{"podTemplateHashValue":"Latest"}}]""";

    private static string Container(string image) => Fill(
        """{"name":"app","image":"IMAGE","ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":"50m","memory":"64Mi"}},"readinessProbe":{"httpGet":{"path":"/healthz","port":8080},"initialDelaySeconds":5}}""", ("IMAGE", image));

    private static void Merge(JsonObject target, string extras)
    {
        foreach (var (key, value) in JsonNode.Parse("{" + extras + "}")!.AsObject()) target[key] = value?.DeepClone();
    }

    private static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (text, v) => text.Replace(v.Name, v.Value, StringComparison.Ordinal));
}
