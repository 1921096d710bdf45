using Azure.Core.Pipeline;
using ChaosHarness.Azure;
using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Cloud.Tests.Arm;

/// <summary>Every test gets a fresh fake ARM endpoint with the cluster's two node pool scale sets and a bystander.</summary>
[Category("Azure")]
public abstract class ArmTestBase
{
    public const string ClusterName = "prod-eus";
    public const string ClusterTagKey = "kubernetes.io/cluster/prod-eus";
    public const string Subscription = "00000000-0000-0000-0000-00000000c0de";
    public const string ResourceGroup = "mc_prod-eus";
    public static readonly string[] Zones = ["eastus-1", "eastus-2", "eastus-3"];

    protected FakeArm Arm { get; private set; } = null!;

    protected IReadOnlyList<string> Before { get; private set; } = [];

    [SetUp]
    public async Task StartArm()
    {
        Arm = await FakeArm.StartAsync(Subscription, ResourceGroup);
        var ours = new Dictionary<string, string> { [ClusterTagKey] = "owned" };
        Arm.AddScaleSet("aks-system-vmss", ours, ["1", "2", "3"], 1);
        Arm.AddScaleSet("aks-user-vmss", ours, ["1", "2", "3"], 2);
        Arm.AddScaleSet("staging-vmss", new Dictionary<string, string> { ["kubernetes.io/cluster/staging"] = "owned" }, ["1", "2", "3"], 1);
        ArrangeEstate();
        Before = Arm.PowerStates();
    }

    [TearDown]
    public async Task StopArm()
    {
        if (Arm is not null)
        {
            await Arm.DisposeAsync();
        }
    }

    protected virtual void ArrangeEstate()
    {
    }

    protected static ArmAccessOptions TestOptions(CloudRetryOptions? retry = null)
        => new()
        {
            Credential = new StaticTokenCredential(FakeArm.Token),
            Transport = new HttpClientTransport(TestCertificate.TrustingHandler()),
            Retry = retry ?? new CloudRetryOptions { JitterSeed = 11 },
            PollInterval = TimeSpan.FromSeconds(1),
        };

    protected static Core.Fleets.Fleet CreateFleet(Uri endpoint, BlastRadiusLimits? blastRadius = null, IReadOnlyList<string>? zones = null)
        => new(
            "cloud-tests",
            FleetKind.Real,
            [
                new ClusterTarget(ClusterName, "eastus", zones ?? Zones, ClusterName, ClusterProvider.Azure,
                    Account: new CloudAccount(SubscriptionId: Subscription, ResourceGroup: ResourceGroup, Endpoint: endpoint, ClusterTag: ClusterTagKey)),
            ],
            AllowList.Everything,
            blastRadius ?? BlastRadiusLimits.Default,
            clock: new AcceleratedTimeProvider(60));

    protected static async Task<(HarnessRun Run, ArmAccess Arm)> StartRunAsync(Uri endpoint, ArmAccessOptions? options = null, BlastRadiusLimits? blastRadius = null, IReadOnlyList<string>? zones = null)
    {
        var fleet = CreateFleet(endpoint, blastRadius, zones);
        var arm = new ArmAccess(fleet.Clock, options ?? TestOptions());
        var run = await HarnessRun.StartAsync(fleet, new UndoHandlers().AddAzure(arm), new ExperimentServices().UseAzure(arm));
        return (run, arm);
    }

    /// <summary>Takes the estate as it is now as the state every revert must return to.</summary>
    protected void Rebaseline() => Before = Arm.PowerStates();

    protected void AssertUnchanged() => Assert.That(Arm.PowerStates(), Is.EqualTo(Before));

    protected void AssertNoUnexpectedCalls() => Assert.That(Arm.Unhandled, Is.Empty, "every call the SDK made is one ARM serves");
}
