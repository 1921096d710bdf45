using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers.Leadership;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// Argo Rollouts as its release manifests install it: namespace and service account <c>argo-rollouts</c>, and the
/// <c>argo-rollouts</c> Deployment (one replica, Recreate, readiness probe on <c>/metrics</c> after 10 s). Its controller
/// reconciles only while one of that Deployment's pods holds the Lease <c>argo-rollouts-controller-lock</c>. The
/// <see cref="FleetDefect.ControllerWithoutReadinessGate"/> defect acts at the kubelets' readiness seam (the image catalogue
/// treats controller images as having no readiness probe), so the manifest stays as released.
/// </summary>
public static class ArgoRolloutsInstall
{
    public const string Namespace = "argo-rollouts";
    public const string Name = "argo-rollouts";
    public const string LeaseName = "argo-rollouts-controller-lock";
    public const string Image = "quay.io/argoproj/argo-rollouts:v1.7.2";

    public static ControllerWorkload Workload { get; } = new(Namespace, Name, LeaseName, ApiCaller.ServiceAccount(Namespace, Name));

    /// <summary>Creates the namespace, service account and Deployment in a fresh cluster.</summary>
    public static void Apply(SimulatedCluster cluster)
    {
        var api = cluster.Api;
        api.Create(ApiCaller.Admin, BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
        api.Create(ApiCaller.Admin, BuiltInResources.ServiceAccounts, Namespace,
            new JsonObject { ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace, ["labels"] = Labels() } });
        api.Create(ApiCaller.Admin, BuiltInResources.Deployments, Namespace, Deployment());
    }

    public static JsonObject Deployment()
    {
        var container = new JsonObject
        {
            ["name"] = Name,
            ["image"] = Image,
            ["args"] = new JsonArray("--leader-elect"),
            ["ports"] = new JsonArray(
                new JsonObject { ["containerPort"] = 8090, ["name"] = "metrics" },
                new JsonObject { ["containerPort"] = 8080, ["name"] = "healthz" }),
            ["livenessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "healthz" },
                ["initialDelaySeconds"] = 30, ["periodSeconds"] = 20, ["failureThreshold"] = 3, ["successThreshold"] = 1, ["timeoutSeconds"] = 10,
            },
            ["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/metrics", ["port"] = "metrics" },
                ["initialDelaySeconds"] = 10, ["periodSeconds"] = 5, ["failureThreshold"] = 3, ["successThreshold"] = 1, ["timeoutSeconds"] = 4,
            },
        };

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = Name,
                ["namespace"] = Namespace,
                ["labels"] = new JsonObject
                {
                    ["app.kubernetes.io/component"] = "rollouts-controller",
                    ["app.kubernetes.io/name"] = Name,
                    ["app.kubernetes.io/part-of"] = Name,
                },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app.kubernetes.io/name"] = Name } },
                ["strategy"] = new JsonObject { ["type"] = "Recreate" },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = Name } },
                    ["spec"] = new JsonObject
                    {
                        ["serviceAccountName"] = Name,
                        ["containers"] = new JsonArray(container),
                        ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true },
                    },
                },
            },
        };
    }

    private static JsonObject Labels() => new()
    {
        ["app.kubernetes.io/component"] = "rollouts-controller",
        ["app.kubernetes.io/name"] = Name,
        ["app.kubernetes.io/part-of"] = Name,
    };
}
