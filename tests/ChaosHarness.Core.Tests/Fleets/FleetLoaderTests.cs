using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Tests.Support;

namespace ChaosHarness.Core.Tests.Fleets;

public class FleetLoaderTests
{
    private const string FleetJson = """
        { "name": "embedded", "speed": 60, "seed": 1, "kubeconfig": "kubeconfig",
          "clusters": [ { "name": "eu-west-1", "region": "eu-west", "zones": ["eu-west-1a","eu-west-1b","eu-west-1c"],
                          "apiUrl": "http://127.0.0.1:40123", "context": "eu-west-1", "provider": "embedded" },
                        { "name": "us-east-1", "region": "us-east", "zones": ["us-east-1a","us-east-1b"],
                          "apiUrl": "http://127.0.0.1:40124", "context": "us-east-1", "provider": "embedded" } ],
          "controlUrl": "http://127.0.0.1:40100", "trafficUrl": "http://127.0.0.1:40101", "startedAt": "2026-11-24T00:00:00Z",
          "wallClockAt": "2026-11-24T12:00:00Z", "processId": 4242 }
        """;

    private const string FleetYaml = """
        name: staging
        kubeconfig: kube/config
        clusters:
          - name: eu-west-1
            context: staging-eu-west-1
            region: eu-west
            zones: [eu-west-1a, eu-west-1b, eu-west-1c]
            provider: aws
            account: { accountId: "123456789012", region: eu-west-1, profile: staging }
          - name: westeurope
            context: staging-westeurope
            region: westeurope
            zones: ["1", "2", "3"]
            provider: azure
            account: { subscriptionId: 00000000-0000-0000-0000-000000000000, resourceGroup: staging-aks }
        allowedNamespaces: [checkout, payments]
        blastRadius: { maxZonesPerFault: 1, maxNodePercentPerFault: 34 }
        trafficUrl: https://shop.staging.example/healthz
        """;

    [Test]
    public void Reads_the_embedded_fleets_fleet_json()
    {
        var fleet = FleetLoader.Parse("/state/fleet.json", FleetJson);

        Assert.Multiple(() =>
        {
            Assert.That(fleet.Kind, Is.EqualTo(FleetKind.Embedded));
            Assert.That(fleet.Speed, Is.EqualTo(60));
            Assert.That(fleet.KubeconfigPath, Is.EqualTo("/state/kubeconfig"));
            Assert.That(fleet.Clusters.Select(c => c.Name), Is.EqualTo(new[] { "eu-west-1", "us-east-1" }));
            Assert.That(fleet.Cluster("eu-west-1").Zones, Has.Count.EqualTo(3));
            Assert.That(fleet.Cluster("eu-west-1").ApiUrl, Is.EqualTo(new Uri("http://127.0.0.1:40123")));
            Assert.That(fleet.Cluster("eu-west-1").Provider, Is.EqualTo(ClusterProvider.Embedded));
            Assert.That(fleet.Regions.Select(r => r.Name), Is.EqualTo(new[] { "eu-west", "us-east" }));
            Assert.That(fleet.TrafficUrl, Is.EqualTo(new Uri("http://127.0.0.1:40101")));
            Assert.That(fleet.AllowList.AllowsAllNamespaces, Is.True);
            Assert.That(fleet.Clock, Is.InstanceOf<AcceleratedTimeProvider>());
            Assert.That(((AcceleratedTimeProvider)fleet.Clock).Factor, Is.EqualTo(60));
        });
    }

    [Test]
    public void The_embedded_fleets_clock_follows_the_fleet_from_its_wall_clock_anchor()
    {
        var fleet = FleetLoader.Parse("/state/fleet.json", FleetJson);
        var wallSinceAnchor = DateTimeOffset.UtcNow - DateTimeOffset.Parse("2026-11-24T12:00:00Z");
        var expected = DateTimeOffset.Parse("2026-11-24T00:00:00Z") + (wallSinceAnchor * 60);

        Assert.That(fleet.Clock.GetUtcNow(), Is.EqualTo(expected).Within(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void Controlling_urls_may_be_absent_from_fleet_json()
    {
        var fleet = FleetLoader.Parse("/state/fleet.json", """
            { "name": "embedded", "speed": 60, "kubeconfig": "kubeconfig",
              "clusters": [ { "name": "a", "region": "r", "zones": ["a1"], "apiUrl": "http://127.0.0.1:1", "context": "a" } ] }
            """);

        Assert.That(fleet.TrafficUrl, Is.Null);
        Assert.That(fleet.ControlUrl, Is.Null);
    }

    [Test]
    public void Reads_a_real_fleet_file()
    {
        var fleet = FleetLoader.Parse("/fleets/staging.yaml", FleetYaml);

        Assert.Multiple(() =>
        {
            Assert.That(fleet.Kind, Is.EqualTo(FleetKind.Real));
            Assert.That(fleet.KubeconfigPath, Is.EqualTo("/fleets/kube/config"));
            Assert.That(fleet.Cluster("eu-west-1").Context, Is.EqualTo("staging-eu-west-1"));
            Assert.That(fleet.Cluster("eu-west-1").Provider, Is.EqualTo(ClusterProvider.Aws));
            Assert.That(fleet.Cluster("eu-west-1").Account, Is.EqualTo(new CloudAccount(AccountId: "123456789012", CloudRegion: "eu-west-1", Profile: "staging")));
            Assert.That(fleet.Cluster("westeurope").Account!.ResourceGroup, Is.EqualTo("staging-aks"));
            Assert.That(fleet.AllowList.Allows("checkout"), Is.True);
            Assert.That(fleet.AllowList.Allows("kube-system"), Is.False);
            Assert.That(fleet.BlastRadius, Is.EqualTo(new Core.Guardrails.BlastRadiusLimits(1, 34)));
            Assert.That(fleet.Clock, Is.SameAs(TimeProvider.System));
        });
    }

    private static IEnumerable<TestCaseData> MalformedFiles()
    {
        const string head = "name: staging\nallowedNamespaces: [checkout]\nclusters:\n  - name: eu-west-1\n    context: staging-eu-west-1\n    region: eu-west\n";
        yield return new TestCaseData(head + "    zones: eu-west-1a\n    provider: kubernetes\n", 7, "clusters[0].zones", "expected a list").SetName("zones not a list");
        yield return new TestCaseData(head + "    zones: [a]\n    provider: gcp\n", 8, "clusters[0].provider", "unknown provider 'gcp'").SetName("unknown provider");
        yield return new TestCaseData(head + "    zones: [a]\n    provider: kubernetes\n    zonse: [b]\n", 9, "clusters[0].zonse", "unknown field").SetName("misspelt field");
        yield return new TestCaseData(head + "    zones: [a, '']\n    provider: kubernetes\n", 7, "clusters[0].zones[1]", "non-empty name").SetName("empty zone name");
    }

    [TestCaseSource(nameof(MalformedFiles))]
    public void A_malformed_fleet_file_names_the_line_and_the_field(string yaml, int line, string field, string problem)
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/fleets/staging.yaml", yaml))!;

        Assert.Multiple(() =>
        {
            Assert.That(e.Line, Is.EqualTo(line));
            Assert.That(e.Field, Is.EqualTo(field));
            Assert.That(e.Message, Does.StartWith($"Fleet file staging.yaml line {line}, field '{field}': "));
            Assert.That(e.Message, Does.Contain(problem));
        });
    }

    [Test]
    public void Invalid_yaml_is_reported_with_its_line()
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/f/fleet.yaml", "name: x\nclusters:\n  - name: [unclosed\n"))!;

        Assert.That(e.Line, Is.EqualTo(3).Or.EqualTo(4));
        Assert.That(e.Message, Does.Contain("fleet.yaml line"));
    }

    [Test]
    public void A_missing_required_field_is_named()
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/f/fleet.yaml", """
            name: x
            allowedNamespaces: [a]
            clusters:
              - name: one
                region: r
                zones: [z]
                provider: kubernetes
            """))!;

        Assert.That(e.Field, Is.EqualTo("clusters[0].context"));
        Assert.That(e.Line, Is.EqualTo(4));
    }

    [Test]
    public void An_aws_cluster_without_its_account_is_refused()
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/f/fleet.yaml", """
            name: x
            allowedNamespaces: [a]
            clusters:
              - name: one
                context: one
                region: r
                zones: [z]
                provider: aws
            """))!;

        Assert.That(e.Field, Is.EqualTo("clusters[0].account"));
    }

    [Test]
    public void Two_clusters_with_one_context_are_refused_at_the_second()
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/f/fleet.yaml", """
            name: x
            allowedNamespaces: [a]
            clusters:
              - { name: one, context: ctx, region: r, zones: [z], provider: kubernetes }
              - { name: two, context: ctx, region: r, zones: [z], provider: kubernetes }
            """))!;

        Assert.That(e.Field, Is.EqualTo("clusters[1].context"));
        Assert.That(e.Line, Is.EqualTo(5));
    }

    [Test]
    public void A_blast_radius_out_of_range_is_refused()
    {
        var e = Assert.Throws<FleetFileException>(() => FleetLoader.Parse("/f/fleet.yaml", """
            name: x
            allowedNamespaces: [a]
            clusters:
              - { name: one, context: ctx, region: r, zones: [z], provider: kubernetes }
            blastRadius:
              maxNodePercentPerFault: 150
            """))!;

        Assert.That(e.Field, Is.EqualTo("blastRadius.maxNodePercentPerFault"));
        Assert.That(e.Line, Is.EqualTo(6));
    }

    [Test]
    public async Task A_missing_file_is_a_fleet_file_error()
    {
        using var dir = new TempDirectory();
        var e = (await Assert.ThrowsAsync<FleetFileException>(() => FleetLoader.LoadAsync(dir.File("nope.yaml"))))!;
        Assert.That(e.Message, Does.Contain("cannot be read"));
    }
}
