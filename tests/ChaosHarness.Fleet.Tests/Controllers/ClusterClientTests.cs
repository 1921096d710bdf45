using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class ClusterClientTests
{
    private static readonly ApiCaller Controller = ApiCaller.ServiceAccount("kube-system", "replicaset-controller");

    [Test]
    public async Task A_429_with_Retry_After_is_waited_out_on_the_fleet_clock_and_retried()
    {
        var throttle = new ThrottleFirstWrites(Controller.UserName, times: 2, retryAfterSeconds: 5);
        var (client, clock) = Client(throttle);
        var before = clock.GetUtcNow();

        var created = await client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("a"), CancellationToken.None);

        Assert.That(created.Name, Is.EqualTo("a"));
        Assert.That(throttle.Refused, Is.EqualTo(2));
        Assert.That((clock.GetUtcNow() - before).TotalSeconds, Is.GreaterThanOrEqualTo(10), "two waits of Retry-After 5 s, in fleet time");
    }

    [Test]
    public async Task A_429_without_Retry_After_fails_at_once_and_so_does_the_eleventh()
    {
        var (once, _) = Client(new ThrottleFirstWrites(Controller.UserName, times: 1, retryAfterSeconds: null));
        var (always, _) = Client(new ThrottleFirstWrites(Controller.UserName, times: 100, retryAfterSeconds: 1));

        var immediate = await Assert.ThrowsAsync<ApiException>(() => once.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("a"), CancellationToken.None));
        var exhausted = await Assert.ThrowsAsync<ApiException>(() => always.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("a"), CancellationToken.None));

        Assert.That(immediate!.Code, Is.EqualTo(429));
        Assert.That(exhausted!.Code, Is.EqualTo(429));
    }

    [Test]
    public async Task An_update_computed_from_a_stale_copy_fails_on_conflict_unless_it_may_be_reapplied()
    {
        var (client, _) = Client(new ThrottleFirstWrites("nobody", 0, null));
        var stale = await client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("a"), CancellationToken.None);
        await client.UpdateAsync(stale, body => { body["data"] = new JsonObject { ["k"] = "1" }; return true; }, CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<ApiException>(() =>
            client.UpdateAsync(stale, body => { body["data"] = new JsonObject { ["k"] = "2" }; return true; }, CancellationToken.None, retryOnConflict: false));
        var reapplied = await client.UpdateAsync(stale, body => { body["data"] = new JsonObject { ["k"] = "3" }; return true; }, CancellationToken.None);

        Assert.That(conflict!.Code, Is.EqualTo(409));
        Assert.That((string?)reapplied!.ToJsonObject()["data"]!["k"], Is.EqualTo("3"));
    }

    private static (ClusterClient Client, TimeProvider Clock) Client(IAdmissionPlugin plugin)
    {
        var clock = new AcceleratedTimeProvider(1000);
        var api = new ClusterApi("test", new ObjectStore(), new ResourceCatalog(), clock, [plugin]);
        api.Create(ApiCaller.Admin, BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });
        return (new ClusterClient(api, clock, Controller), clock);
    }

    private static JsonObject ConfigMap(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name } };

    /// <summary>Stands in for API Priority and Fairness: refuses one caller's first writes with 429.</summary>
    private sealed class ThrottleFirstWrites(string user, int times, int? retryAfterSeconds) : IAdmissionPlugin
    {
        public int Refused { get; private set; }

        public void Admit(AdmissionRequest request)
        {
            if (request.Caller.UserName != user || Refused >= times) return;
            Refused++;
            throw ApiException.TooManyRequests("Too many requests, please try again later.", retryAfterSeconds);
        }
    }
}
