using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>A cluster's API semantics alone, with the default APF objects and a clock the test moves by hand.</summary>
internal sealed class FlowControlledApi
{
    public FlowControlledApi()
    {
        Api = new ClusterApi("apf-test", new ObjectStore(), new ResourceCatalog(), Clock);
        foreach (var ns in (string[])["default", "kube-system", "team"])
        {
            Api.Create(ApiCaller.Admin, BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        foreach (var level in DefaultFlowControlObjects.PriorityLevels()) Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, level);
        foreach (var schema in DefaultFlowControlObjects.FlowSchemas()) Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public ClusterApi Api { get; }

    public FlowController FlowControl => Api.FlowControl;

    /// <summary>Puts <paramref name="account"/> ("namespace/name") into a level of <paramref name="shares"/> shares.</summary>
    public StoredObject Throttle(string account, int shares, string limitResponse = "Reject", int queueLengthLimit = 5, int? borrowingLimitPercent = null)
    {
        var (ns, name) = (account.Split('/')[0], account.Split('/')[1]);
        Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null,
            ThrottleObjects.PriorityLevel($"throttle-{name}", shares, limitResponse, queueLengthLimit: queueLengthLimit, borrowingLimitPercent: borrowingLimitPercent));
        return Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema($"throttle-{name}", $"throttle-{name}", ns, name));
    }

    public FlowClassification Classify(ApiCaller caller, string verb, string apiGroup, string resource, string? ns, string? subresource = null) =>
        FlowControl.Classify(RequestAttributes.ForResource(caller, verb, apiGroup, resource, subresource, ns));

    /// <summary>Creates a ConfigMap as <paramref name="caller"/>: true when admitted, false when refused with 429.</summary>
    public bool TryCreateConfigMap(ApiCaller caller, string ns = "team")
    {
        try
        {
            Api.Create(caller, BuiltInResources.ConfigMaps, ns, new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "cm-" } });
            return true;
        }
        catch (ApiException e) when (e.Code == 429)
        {
            return false;
        }
    }
}
