using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary>The seat model: how many requests a priority level lets through, and what it tells those it refuses.</summary>
public sealed class SeatModelTests
{
    private static readonly ApiCaller Deployer = ApiCaller.ServiceAccount("team", "deployer");
    private static readonly ApiCaller Bystander = ApiCaller.ServiceAccount("team", "bystander");

    [Test]
    public void The_default_levels_get_the_real_server_s_nominal_seats_out_of_600()
    {
        var api = new FlowControlledApi();

        var levels = api.FlowControl.Levels().ToDictionary(l => l.Name, l => (l.Exempt, l.NominalSeats));

        Assert.That(levels, Is.EquivalentTo(new Dictionary<string, (bool, int)>
        {
            ["exempt"] = (true, 0), ["catch-all"] = (false, 13), ["system"] = (false, 74), ["node-high"] = (false, 98),
            ["leader-election"] = (false, 25), ["workload-high"] = (false, 98), ["workload-low"] = (false, 245), ["global-default"] = (false, 49),
        }));
    }

    [Test]
    public void A_level_without_shares_that_rejects_is_a_jail_for_its_account_only()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/deployer", shares: 0);

        var error = Assert.Throws<ApiException>(() => api.Api.Get(Deployer, BuiltInResources.Namespaces, null, "team"))!;
        Assert.That((error.Code, error.Reason, error.Message), Is.EqualTo((429, "TooManyRequests", FlowController.TooManyRequestsMessage)));
        Assert.That(error.RetryAfterSeconds, Is.InRange(1, 32));

        for (var i = 0; i < 20; i++)
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.That(api.TryCreateConfigMap(Deployer), Is.False, "every request of the jailed account, however spaced");
            Assert.That(api.TryCreateConfigMap(Bystander), Is.True);
            Assert.That(api.TryCreateConfigMap(ApiCaller.Admin), Is.True);
        }
    }

    [Test]
    public void A_squeezed_level_admits_as_many_requests_as_it_has_seats_until_their_service_time_is_over()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/deployer", shares: 1, borrowingLimitPercent: 0);
        var seats = (int)Math.Ceiling(600.0 / (245 + 1));

        var burst = Enumerable.Range(0, 10).Select(_ => api.TryCreateConfigMap(Deployer)).ToList();

        Assert.That(burst.Count(admitted => admitted), Is.EqualTo(seats), "one seat per request, held for its service time");
        Assert.That(Enumerable.Range(0, 10).All(_ => api.TryCreateConfigMap(Bystander)), "others are not squeezed");

        api.Clock.Advance(TimeSpan.FromMilliseconds(20));

        Assert.That(Enumerable.Range(0, 10).Count(_ => api.TryCreateConfigMap(Deployer)), Is.EqualTo(seats), "the seats are free again");
    }

    [Test]
    public void A_request_that_runs_longer_than_its_service_time_holds_its_seat_until_it_ends()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/deployer", shares: 1, borrowingLimitPercent: 0);
        var attributes = RequestAttributes.ForResource(Deployer, "list", "", "pods", null, null);
        var running = Enumerable.Range(0, 3).Select(_ => api.FlowControl.TryAdmit(api.FlowControl.Classify(attributes), attributes, out _)!).ToList();

        api.Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That(api.FlowControl.TryAdmit(api.FlowControl.Classify(attributes), attributes, out var retryAfter), Is.Null);
        Assert.That(retryAfter, Is.InRange(1, 32));
        running[0].Dispose();
        Assert.That(api.FlowControl.TryAdmit(api.FlowControl.Classify(attributes), attributes, out _), Is.Not.Null);
    }

    [Test]
    public void A_queuing_level_queues_beyond_its_seats_up_to_its_queue_places_then_rejects()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/deployer", shares: 1, limitResponse: "Queue", queueLengthLimit: 4, borrowingLimitPercent: 0);
        var attributes = RequestAttributes.ForResource(Deployer, "create", "", "configmaps", null, "team");
        var classification = api.FlowControl.Classify(attributes);

        var admitted = Enumerable.Range(0, 10).Select(_ =>
        {
            var seat = api.FlowControl.TryAdmit(classification, attributes, out _);
            seat?.Dispose();
            return seat;
        }).ToList();

        var now = api.Clock.GetUtcNow();
        var hold = TimeSpan.FromMilliseconds(20);
        Assert.That(admitted.Take(3).Select(s => s!.StartsAt), Is.All.EqualTo(now), "three seats at once");
        Assert.That(admitted.Skip(3).Take(4).Select(s => s!.StartsAt), Is.EqualTo(new[] { now + hold, now + hold, now + hold, now + 2 * hold }),
            "four queued, each booked on the seat that frees first");
        Assert.That(admitted.Skip(7), Is.All.Null, "one queue of four places: the rest are rejected");

        api.Clock.Advance(hold + hold);
        Assert.That(api.FlowControl.TryAdmit(classification, attributes, out _)!.StartsAt, Is.EqualTo(api.Clock.GetUtcNow()), "queue drained");
    }

    [Test]
    public void Exempt_requests_are_never_limited()
    {
        var api = new FlowControlledApi();

        Assert.That(Enumerable.Range(0, 2000).All(_ => api.TryCreateConfigMap(ApiCaller.Admin)));
        Assert.That(api.FlowControl.SeatsInUse("exempt"), Is.Zero);
    }

    [Test]
    public void A_level_borrows_free_seats_that_others_lend_within_its_borrowing_limit()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/bystander", shares: 20);
        var level = ThrottleObjects.PriorityLevel("bounded", 20, borrowingLimitPercent: 0);
        level["spec"]!["limited"]!["lendablePercent"] = 50;
        api.Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, level);
        api.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("bounded", "bounded", "team", "deployer"));
        var nominal = (int)Math.Ceiling(600.0 * 20 / (245 + 20 + 20));

        var admitted = Enumerable.Range(0, 600).Count(_ => api.TryCreateConfigMap(Bystander));

        Assert.That(admitted, Is.GreaterThan(nominal), "beyond its nominal seats, on seats the idle levels lend");
        Assert.That(admitted, Is.LessThan(600), "but not beyond the server");

        api.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(Enumerable.Range(0, 200).Count(_ => api.TryCreateConfigMap(Deployer)), Is.EqualTo(nominal),
            "a level that may not borrow gets its own seats (and its lent ones back), no more");
    }

    [Test]
    public void Retry_after_grows_while_a_level_keeps_dropping_requests_and_shrinks_when_it_stops()
    {
        var api = new FlowControlledApi();
        api.Throttle("team/deployer", shares: 0);

        int RetryAfterOfBurst(int requests)
        {
            var last = 0;
            for (var i = 0; i < requests; i++)
            {
                try
                {
                    api.Api.Get(Deployer, BuiltInResources.Namespaces, null, "team");
                }
                catch (ApiException e)
                {
                    last = e.RetryAfterSeconds!.Value;
                }
            }

            return last;
        }

        var observed = new List<int>();
        for (var second = 0; second < 40; second++)
        {
            observed.Add(RetryAfterOfBurst(50));
            api.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(observed[0], Is.EqualTo(2));
        Assert.That(observed.Max(), Is.EqualTo(32));
        Assert.That(observed, Is.Ordered, "never shrinks under steady pressure");

        api.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.That(RetryAfterOfBurst(1), Is.EqualTo(31), "a lone drop brings it down a second");
    }
}
