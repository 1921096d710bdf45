using System.Text.Json.Nodes;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Azure;

/// <summary>Where a cluster's scale sets live: subscription, resource group, and an optional ARM endpoint override. Never a secret.</summary>
public sealed record AzureConnection(string SubscriptionId, string ResourceGroup, Uri? Endpoint = null)
{
    public static AzureConnection For(ClusterTarget cluster)
    {
        var account = cluster.Account;
        if (account?.SubscriptionId is null || account.ResourceGroup is null)
        {
            throw new ChaosHarness.Cloud.CloudFaultException($"Cluster '{cluster.Name}' has no Azure subscription and resource group in its account; nothing was changed.");
        }

        return new AzureConnection(account.SubscriptionId, account.ResourceGroup, account.Endpoint);
    }

    public static AzureConnection ReadFrom(UndoRecord undo)
    {
        var endpoint = undo.GetString("endpoint");
        return new AzureConnection(undo.RequireString("subscriptionId"), undo.RequireString("resourceGroup"), endpoint is null ? null : new Uri(endpoint));
    }

    public void WriteTo(JsonObject data)
    {
        data["subscriptionId"] = SubscriptionId;
        data["resourceGroup"] = ResourceGroup;
        if (Endpoint is not null)
        {
            data["endpoint"] = Endpoint.ToString();
        }
    }

    public override string ToString() => $"resource group {ResourceGroup} of subscription {SubscriptionId}{(Endpoint is null ? "" : $" via {Endpoint}")}";
}
