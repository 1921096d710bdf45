using System.Text.Json.Nodes;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Aws;

/// <summary>Which EC2 API a cluster's machines are reached through: region, endpoint override, credentials profile. Never a secret.</summary>
public sealed record AwsConnection(string Region, Uri? Endpoint = null, string? Profile = null)
{
    public static AwsConnection For(ClusterTarget cluster)
        => new(cluster.Account?.CloudRegion ?? cluster.Region, cluster.Account?.Endpoint, cluster.Account?.Profile);

    /// <summary>Reads the connection an undo record was written with, so a later process reaches the same API.</summary>
    public static AwsConnection ReadFrom(UndoRecord undo)
    {
        var endpoint = undo.GetString("endpoint");
        return new AwsConnection(undo.RequireString("region"), endpoint is null ? null : new Uri(endpoint), undo.GetString("profile"));
    }

    public void WriteTo(JsonObject data)
    {
        data["region"] = Region;
        if (Endpoint is not null)
        {
            data["endpoint"] = Endpoint.ToString();
        }

        if (Profile is not null)
        {
            data["profile"] = Profile;
        }
    }

    public override string ToString() => Endpoint is null ? Region : $"{Region} via {Endpoint}";
}
