using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Fleet.Tests.Kubectl;

/// <summary>
/// A shared fleet driven by one real kubectl build: the oldest and newest installed builds and the dispatcher (which runs
/// the build matching the server's reported 1.31). Every fixture gets its own discovery cache.
/// </summary>
public abstract class KubectlFixture(string build) : SharedFleet
{
    protected Support.Kubectl Kubectl { get; private set; } = null!;

    [OneTimeSetUp]
    public void FindKubectl()
    {
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        Kubectl = new Support.Kubectl(build, Fleet.KubeconfigPath, Cluster.Name, cache);
        Assume.That(File.Exists(Kubectl.Executable), $"{Kubectl.Executable} is not installed");
    }

    protected Task<KubectlResult> Run(params string[] args) => Kubectl.RunAsync(args);

    /// <summary>
    /// kubectl 1.27 and 1.28 validate <c>apply</c>/<c>create -f</c> against <c>/openapi/v2</c> (protobuf), which this server
    /// does not serve; 1.29+ use the <c>/openapi/v3</c> index and leave validation to the server.
    /// </summary>
    protected string[] ValidationFlags => build is "kubectl.1.27" or "kubectl.1.28" ? ["--validate=false"] : [];

    protected Task<KubectlResult> ApplyAsync(string ns, string yaml) =>
        Kubectl.RunAsync(["apply", "-n", ns, "-f", "-", .. ValidationFlags], yaml, TimeSpan.FromSeconds(60));
}
