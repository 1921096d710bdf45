using System.Text;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>Writes the kubeconfig of a running fleet: one cluster, user and context per simulated cluster, named after it.</summary>
public static class KubeconfigWriter
{
    public static string Render(IEnumerable<SimulatedCluster> clusters, string? currentContext = null)
    {
        var list = clusters.ToList();
        var authority = Convert.ToBase64String(Encoding.ASCII.GetBytes(LoopbackCertificateAuthority.AuthorityPem));
        var yaml = new StringBuilder();
        yaml.AppendLine("apiVersion: v1");
        yaml.AppendLine("kind: Config");
        yaml.AppendLine("preferences: {}");
        yaml.AppendLine($"current-context: {currentContext ?? list.FirstOrDefault()?.Name ?? ""}");
        yaml.AppendLine("clusters:");
        foreach (var cluster in list)
        {
            yaml.AppendLine($"- name: {cluster.Name}");
            yaml.AppendLine("  cluster:");
            yaml.AppendLine($"    server: {cluster.ApiUrl?.ToString().TrimEnd('/')}");
            yaml.AppendLine($"    certificate-authority-data: {authority}");
        }

        yaml.AppendLine("users:");
        foreach (var cluster in list)
        {
            yaml.AppendLine($"- name: admin@{cluster.Name}");
            yaml.AppendLine("  user:");
            yaml.AppendLine($"    token: {cluster.AdminToken}");
        }

        yaml.AppendLine("contexts:");
        foreach (var cluster in list)
        {
            yaml.AppendLine($"- name: {cluster.Name}");
            yaml.AppendLine("  context:");
            yaml.AppendLine($"    cluster: {cluster.Name}");
            yaml.AppendLine($"    user: admin@{cluster.Name}");
            yaml.AppendLine("    namespace: default");
        }

        return yaml.ToString();
    }
}
