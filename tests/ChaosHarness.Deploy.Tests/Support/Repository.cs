namespace ChaosHarness.Deploy.Tests.Support;

/// <summary>The checkout the tests run from: found upwards from the test assembly by <c>ChaosHarness.sln</c>.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string KubernetesManifests => Path.Combine(Root, "deploy", "kubernetes");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChaosHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ChaosHarness.sln above {AppContext.BaseDirectory}.");
    }
}
