using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>Which printer shows which kind; NAME and AGE for the rest.</summary>
internal static class TablePrinters
{
    private static readonly TablePrinter Default = new NameAgeTablePrinter();

    private static readonly Dictionary<string, TablePrinter> ByGroupResource = new(StringComparer.Ordinal)
    {
        [BuiltInResources.Pods.GroupResource] = new PodTablePrinter(),
        [BuiltInResources.Nodes.GroupResource] = new NodeTablePrinter(),
        [BuiltInResources.Deployments.GroupResource] = new DeploymentTablePrinter(),
        [BuiltInResources.ReplicaSets.GroupResource] = new ReplicaSetTablePrinter(),
        [BuiltInResources.Services.GroupResource] = new ServiceTablePrinter(),
        [BuiltInResources.Namespaces.GroupResource] = new NamespaceTablePrinter(),
        [BuiltInResources.Events.GroupResource] = new EventTablePrinter(),
        [BuiltInResources.Leases.GroupResource] = new LeaseTablePrinter(),
        [BuiltInResources.ConfigMaps.GroupResource] = new ConfigMapTablePrinter(),
        [BuiltInResources.Endpoints.GroupResource] = new EndpointsTablePrinter(),
        [BuiltInResources.PodDisruptionBudgets.GroupResource] = new PodDisruptionBudgetTablePrinter(),
        [BuiltInResources.FlowSchemas.GroupResource] = new FlowSchemaTablePrinter(),
        [BuiltInResources.PriorityLevelConfigurations.GroupResource] = new PriorityLevelTablePrinter(),
    };

    public static TablePrinter For(ResourceType type) => ByGroupResource.GetValueOrDefault(type.GroupResource, Default);
}
