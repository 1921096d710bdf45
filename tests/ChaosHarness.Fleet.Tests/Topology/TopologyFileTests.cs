using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Tests.Topology;

public sealed class TopologyFileTests
{
    [Test]
    public void Reads_clusters_zones_nodes_and_capacity_from_yaml()
    {
        var topology = TopologyFile.Parse("""
            clusters:
            - name: eu-west-1
              region: eu-west
              zones: [eu-west-1a, eu-west-1b]
              nodesPerZone: 2
              nodeCapacity: {cpu: "16", memory: 64Gi, pods: 250}
            - name: us-east-1
              region: us-east
              zones: [us-east-1a]
            """, "fleet.yaml");

        Assert.That(topology.Clusters, Has.Count.EqualTo(2));
        var eu = topology.Clusters[0];
        Assert.That((eu.Name, eu.Region, eu.NodesPerZone), Is.EqualTo(("eu-west-1", "eu-west", 2)));
        Assert.That(eu.Zones, Is.EqualTo(new[] { "eu-west-1a", "eu-west-1b" }));
        Assert.That(eu.NodeCapacity, Is.EqualTo(new NodeCapacity("16", "64Gi", 250)));
        Assert.That(eu.Nodes().Select(n => n.NodeName), Is.EqualTo(new[] { "eu-west-1-a-0", "eu-west-1-a-1", "eu-west-1-b-0", "eu-west-1-b-1" }));
        Assert.That(topology.Clusters[1].NodeCapacity, Is.EqualTo(new NodeCapacity()), "capacity defaults");
    }

    [Test]
    public void Reads_json_too()
    {
        var topology = TopologyFile.Parse("""{"clusters":[{"name":"a","region":"r","zones":["z1","z2"],"nodesPerZone":3}]}""", "fleet.json");

        Assert.That(topology.Clusters.Single().Zones, Is.EqualTo(new[] { "z1", "z2" }));
    }

    [TestCase("clusters:\n- name: a\n  region: r\n  zones: [z]\n  nodesPerZone: four\n", 5, "clusters[0].nodesPerZone", "whole number")]
    [TestCase("clusters:\n- name: a\n  region: r\n  zones: [z]\n  color: blue\n", 5, "clusters[0].color", "not a known field")]
    [TestCase("clusters:\n- name: a\n  region: r\n  zones: [z]\n- name: a\n  region: s\n  zones: [y]\n", 5, "clusters[1].name", "unique")]
    [TestCase("clusters:\n- name: a\n  region: r\n", 2, "clusters[0].zones", "required")]
    [TestCase("clusters:\n- name: Not_A_Name\n  region: r\n  zones: [z]\n", 2, "clusters[0].name", "not a valid name")]
    [TestCase("clusters:\n- name: a\n  region: r\n  zones: [z, z]\n", 4, "clusters[0].zones[1]", "listed twice")]
    [TestCase("clusters:\n- name: a\n  region: r\n  zones: [z]\n  nodeCapacity: {cpu: lots}\n", 5, "clusters[0].nodeCapacity.cpu", "quantity")]
    [TestCase("clusters: []\n", 1, "clusters", "non-empty")]
    [TestCase("clusters: [a, b\n", 2, null, "not valid YAML")]
    public void Problems_name_the_file_line_and_field(string text, int line, string? field, string problem)
    {
        var error = Assert.Throws<TopologyFileException>(() => TopologyFile.Parse(text, "fleet.yaml"))!;

        Assert.That((error.File, error.Line, error.Field), Is.EqualTo(("fleet.yaml", (int?)line, field)));
        Assert.That(error.Problem, Does.Contain(problem));
        Assert.That(error.Message, Does.StartWith($"fleet.yaml:{line}: "));
    }

    [Test]
    public void A_missing_file_is_a_problem_too()
    {
        var error = Assert.Throws<TopologyFileException>(() => TopologyFile.Load("/nonexistent/fleet.yaml"))!;

        Assert.That(error.Message, Does.Contain("/nonexistent/fleet.yaml").And.Contain("cannot be read"));
    }
}
