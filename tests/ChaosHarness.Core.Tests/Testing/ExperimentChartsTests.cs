using System.Net;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Reporting.Charts;
using ChaosHarness.Testing;

namespace ChaosHarness.Core.Tests.Testing;

public class ExperimentChartsTests
{
    private readonly FakeFleet _fake = new(new Core.Clock.AcceleratedTimeProvider(60));
    private readonly TempDirectory _dir = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    private sealed class Backend(Func<string> region) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK);
            response.Headers.Add("X-Served-Region", region());
            return Task.FromResult(response);
        }
    }

    [Test]
    public async Task Traffic_shares_error_rate_and_canary_weight_are_charted_with_the_fault_window_shaded()
    {
        _fake.Api.Serve(ResourceKind.Rollout);
        _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 1, 20));
        var region = "eu-west";
        await using var experiment = await new ExperimentBuilder(_fake.Fleet, "charts").WithJournalDirectory(_dir.Path).UseKubernetes(_fake.Options()).StartAsync();
        await experiment.WatchAsync(ResourceKind.Rollout);
        var probe = experiment.StartTrafficProbe(new Uri("http://shop.test/"), handler: new Backend(() => region));
        await Drive.UntilAsync(() => probe.Record.Count >= 20, "traffic before the fault");
        await using (await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a")))
        {
            region = "us-east";
            _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 2, 40));
            await Drive.UntilAsync(() => probe.Record.Count >= 60 && experiment.Rollouts.Samples.Count >= 2, "traffic and a step during the fault");
        }

        var charts = ExperimentCharts.For(experiment);

        Assert.That(charts.Select(c => c.Title), Is.EqualTo(new[] { "Traffic share by region and error rate", "Rollout shop/checkout in eu-west-1: canary weight and step" }));
        Assert.That(charts[0].Series.Select(s => s.Name), Is.EqualTo(new[] { "eu-west share", "us-east share", "error rate" }));
        Assert.That(charts[0].Intervals.Single().Label, Does.StartWith("zone outage of eu-west-1a"));
        Assert.That(charts[1].Series[0].Points.Select(p => p.Value).Distinct(), Is.EqualTo(new[] { 20.0, 40.0 }));
        Assert.That(charts[1].Series[0].Shape, Is.EqualTo(SeriesShape.Steps));
        var png = ChartRenderer.RenderPng(charts[0]);
        Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
    }
}
