using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Controllers.Leadership;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Topology;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class ControllerImagesTests
{
    private static SimulatedCluster Cluster() =>
        new(FleetTopology.Uniform(["eu-west"], 1, 1, new NodeCapacity()).Clusters[0], new AcceleratedTimeProvider(1), seed: 1, watchHistoryCapacity: 100);

    private static V1Container Container(string image) => new() { Name = "controller", Image = image };

    [TestCase("quay.io/argoproj/argo-rollouts:v1.7.2", true)]
    [TestCase("quay.io/argoproj/argo-rollouts:v1.7.3-noreconcile", false)]
    [TestCase("quay.io/argoproj/argo-rollouts:v1.7.3-crashloop", false)]
    [TestCase("quay.io/argoproj/argo-rollouts:v1.7.3-unready", false)]
    [TestCase("quay.io/argoproj/argo-rollouts:v1.7.3-slowstart", true)]
    public void A_controller_version_works_unless_the_catalogue_says_it_does_not(string image, bool reconciles) =>
        Assert.That(ControllerImages.Reconciles(Cluster(), Container(image)), Is.EqualTo(reconciles));

    [Test]
    public void A_named_bad_release_and_a_behaviour_of_a_test_decide_too()
    {
        var cluster = Cluster();
        cluster.Images.Set("quay.io/argoproj/argo-rollouts:v1.8.0", ImageBehaviour.NotReconciling);
        Assert.That(ControllerImages.Reconciles(cluster, Container("quay.io/argoproj/argo-rollouts:v1.8.0")), Is.False);

        cluster.PodBehaviours.Use("example/controller:2", new IdleController());
        Assert.That(ControllerImages.Reconciles(cluster, Container("example/controller:2")), Is.False);
    }

    private sealed class IdleController : IPodBehaviour, IControllerBehaviour
    {
        public ContainerScript Script(V1Pod pod, V1Container container) => PodBehaviour.Healthy.Script(pod, container);

        public bool Reconciles(V1Container container) => false;
    }
}
