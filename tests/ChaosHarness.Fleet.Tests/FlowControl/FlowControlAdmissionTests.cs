using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>APF objects are defaulted and validated as the real API server does it.</summary>
public sealed class FlowControlAdmissionTests
{
    private static ClusterApi NewApi() => new("admission", new ObjectStore(), new ResourceCatalog(), TimeProvider.System, DefaultAdmissionPlugins.Create());

    [Test]
    public void Limited_levels_and_schemas_get_the_v1_defaults()
    {
        var api = NewApi();
        var level = ThrottleObjects.PriorityLevel("queued", 1, limitResponse: "Queue");
        var limited = level["spec"]!["limited"]!.AsObject();
        limited.Remove("nominalConcurrencyShares");
        limited.Remove("lendablePercent");
        limited["limitResponse"]!.AsObject().Remove("queuing");
        var schema = ThrottleObjects.FlowSchema("no-precedence", "queued", "team", "bot");
        schema["spec"]!.AsObject().Remove("matchingPrecedence");

        var storedLevel = api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, level).ToModel<V1PriorityLevelConfiguration>();
        var storedSchema = api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema).ToModel<V1FlowSchema>();

        var spec = storedLevel.Spec.Limited;
        Assert.That((spec.NominalConcurrencyShares, spec.LendablePercent), Is.EqualTo((30, 0)));
        Assert.That((spec.LimitResponse.Queuing.Queues, spec.LimitResponse.Queuing.HandSize, spec.LimitResponse.Queuing.QueueLengthLimit), Is.EqualTo((64, 8, 50)));
        Assert.That(storedSchema.Spec.MatchingPrecedence, Is.EqualTo(1000));
    }

    [Test]
    public void A_malformed_schema_is_422_naming_each_field()
    {
        var api = NewApi();
        var schema = ThrottleObjects.FlowSchema("bad", "", "team", "bot", matchingPrecedence: 0);
        schema["spec"]!["distinguisherMethod"]!["type"] = "ByMood";
        schema["spec"]!["rules"]![0]!["subjects"] = new JsonArray();

        var error = Assert.Throws<ApiException>(() => api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema))!;

        Assert.That(error.Code, Is.EqualTo(422));
        Assert.That(error.Message, Does.StartWith("FlowSchema.flowcontrol.apiserver.k8s.io \"bad\" is invalid: ["));
        Assert.That(error.Causes.Select(c => c.Field), Is.EquivalentTo(new[]
        {
            "spec.matchingPrecedence", "spec.priorityLevelConfiguration.name", "spec.distinguisherMethod.type", "spec.rules[0].subjects",
        }));
        Assert.That(error.Message, Does.Contain("spec.matchingPrecedence: Invalid value: 0: must be between 1 and 10000, inclusive"));
        Assert.That(error.Message, Does.Contain("spec.distinguisherMethod.type: Unsupported value: \"ByMood\": supported values: \"ByNamespace\", \"ByUser\""));
    }

    [Test]
    public void A_malformed_level_is_422_naming_each_field()
    {
        var api = NewApi();
        var level = ThrottleObjects.PriorityLevel("bad", -1, limitResponse: "Queue", queues: 2);
        level["spec"]!["limited"]!["lendablePercent"] = 101;
        level["spec"]!["limited"]!["limitResponse"]!["queuing"]!["handSize"] = 3;
        var untyped = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "untyped" }, ["spec"] = new JsonObject { ["type"] = "Sometimes" } };

        var error = Assert.Throws<ApiException>(() => api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, level))!;
        var typeError = Assert.Throws<ApiException>(() => api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, untyped))!;

        Assert.That(error.Causes.Select(c => (c.Field, c.Message)), Is.EquivalentTo(new[]
        {
            ("spec.limited.nominalConcurrencyShares", "Invalid value: -1: must be a non-negative integer"),
            ("spec.limited.lendablePercent", "Invalid value: 101: must be between 0 and 100, inclusive"),
            ("spec.limited.limitResponse.queuing.handSize", "Invalid value: 3: must be between 1 and 2, inclusive"),
        }));
        Assert.That(typeError.Message, Does.EndWith("spec.type: Unsupported value: \"Sometimes\": supported values: \"Exempt\", \"Limited\""));
    }
}
