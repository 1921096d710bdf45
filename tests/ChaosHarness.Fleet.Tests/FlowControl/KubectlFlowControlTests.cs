using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Tests.Kubectl;

namespace ChaosHarness.Fleet.Tests.FlowControl;

/// <summary><c>kubectl get flowschemas</c> and <c>prioritylevelconfigurations</c> look as on a real cluster.</summary>
[TestFixture(Support.Kubectl.Dispatcher)]
[Category("Kubectl")]
public sealed class KubectlFlowControlTests(string build) : KubectlFixture(build)
{
    [Test]
    public async Task Get_flowschemas_shows_levels_precedences_distinguishers_and_dangling_references()
    {
        Cluster.Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, ThrottleObjects.FlowSchema("orphan", "no-such-level", "team", "bot", 700));

        var result = await Run("get", "flowschemas");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.That(lines[0], Is.EqualTo(new[] { "NAME", "PRIORITYLEVEL", "MATCHINGPRECEDENCE", "DISTINGUISHERMETHOD", "AGE", "MISSINGPL" }));
        var rows = lines.Skip(1).ToDictionary(l => l[0]);
        Assert.That(rows["exempt"].Take(4), Is.EqualTo(new[] { "exempt", "exempt", "1", "<none>" }));
        Assert.That(rows["service-accounts"].Take(4), Is.EqualTo(new[] { "service-accounts", "workload-low", "9000", "ByUser" }));
        Assert.That(rows["service-accounts"][^1], Is.EqualTo("False"));
        Assert.That(rows["orphan"][^1], Is.EqualTo("True"), "a schema naming no existing level is dangling");
        Assert.That(lines.Skip(1).Select(l => l[0]), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "listed by name, as etcd lists them");
    }

    [Test]
    public async Task Get_prioritylevelconfigurations_shows_types_shares_and_queues()
    {
        var result = await Run("get", "prioritylevelconfigurations");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var rows = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.That(rows[0], Is.EqualTo(new[] { "NAME", "TYPE", "NOMINALCONCURRENCYSHARES", "QUEUES", "HANDSIZE", "QUEUELENGTHLIMIT", "AGE" }));
        var byName = rows.Skip(1).ToDictionary(r => r[0]);
        Assert.That(byName["exempt"].Take(6), Is.EqualTo(new[] { "exempt", "Exempt", "<none>", "<none>", "<none>", "<none>" }));
        Assert.That(byName["catch-all"].Take(6), Is.EqualTo(new[] { "catch-all", "Limited", "5", "<none>", "<none>", "<none>" }));
        Assert.That(byName["workload-low"].Take(6), Is.EqualTo(new[] { "workload-low", "Limited", "100", "128", "6", "50" }));
    }
}
