using ChaosHarness.Fleet.Images;

namespace ChaosHarness.Fleet.Tests.Traffic;

public sealed class ImageCatalogueTests
{
    [TestCase("shop/checkout:v2-crashloop", ImageBehaviourKind.CrashLoop)]
    [TestCase("shop/checkout:v2-unready", ImageBehaviourKind.NeverReady)]
    [TestCase("shop/checkout:v2-slowstart", ImageBehaviourKind.SlowStart)]
    [TestCase("registry.k8s.io/ingress-nginx/controller:v1.12.0-noreconcile", ImageBehaviourKind.NotReconciling)]
    [TestCase("shop/checkout:v2-errors30", ImageBehaviourKind.FailsRequests)]
    [TestCase("example.com:5000/team/app:crashloop", ImageBehaviourKind.CrashLoop)]
    [TestCase("unknown/thing:1.0", ImageBehaviourKind.Healthy)]
    [TestCase("unknown/thing", ImageBehaviourKind.Healthy)]
    [TestCase("unknown/thing:v1-errorsx", ImageBehaviourKind.Healthy)]
    [TestCase("unknown/thing:v1-errors101", ImageBehaviourKind.Healthy)]
    [TestCase("unknown/thing:v1-crashloop-fixed", ImageBehaviourKind.Healthy)]
    public void A_tag_suffix_names_a_behaviour_and_unknown_images_are_healthy(string image, ImageBehaviourKind kind)
    {
        Assert.That(ImageCatalogue.CreateDefault().Resolve(image).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void An_errors_suffix_gives_its_share_and_suffix_versions_keep_their_repository_latency()
    {
        var catalogue = ImageCatalogue.CreateDefault();
        var errors = catalogue.Resolve("shop/checkout:v2-errors30");
        Assert.That(errors.ErrorRate, Is.EqualTo(0.30).Within(1e-9));
        Assert.That(errors.Serves, Is.True);
        Assert.That(catalogue.Resolve("registry.k8s.io/ingress-nginx/controller:v9-errors5").Latency, Is.EqualTo(TimeSpan.FromMilliseconds(1)));
        Assert.That(catalogue.Resolve("shop/checkout:v1").Latency, Is.EqualTo(TimeSpan.FromMilliseconds(20)));
        Assert.That(catalogue.Resolve("shop/checkout:v8").Latency, Is.EqualTo(TimeSpan.FromMilliseconds(400)));
    }

    [Test]
    public void The_built_in_catalogue_names_bad_versions_and_controller_repositories()
    {
        var catalogue = ImageCatalogue.CreateDefault();
        Assert.That(catalogue.Resolve("shop/checkout:v4").ErrorRate, Is.EqualTo(0.40).Within(1e-9));
        Assert.That(catalogue.Resolve("shop/checkout:v5").Kind, Is.EqualTo(ImageBehaviourKind.CrashLoop));
        Assert.That(catalogue.Resolve("shop/checkout:v6").Kind, Is.EqualTo(ImageBehaviourKind.NeverReady));
        Assert.That(catalogue.Resolve("shop/checkout:v7").WarmUp, Is.EqualTo(TimeSpan.FromSeconds(240)));
        Assert.That(catalogue.Resolve("registry.k8s.io/ingress-nginx/controller:v1.12.1").Reconciles, Is.False);
        Assert.That(catalogue.IsController("registry.k8s.io/ingress-nginx/controller:v1.11.2"), Is.True);
        Assert.That(catalogue.IsController("quay.io/argoproj/argo-rollouts:v1.7.2-crashloop"), Is.True);
        Assert.That(catalogue.IsController("shop/checkout:v1"), Is.False);
    }

    [Test]
    public void Entries_change_at_run_time_and_a_version_entry_wins_over_its_suffix()
    {
        var catalogue = ImageCatalogue.CreateDefault();
        var changes = 0;
        catalogue.Changed += () => changes++;

        catalogue.Set("shop/checkout:v2-crashloop", ImageBehaviour.Healthy);
        catalogue.Set("team/api", ImageBehaviour.FailingRequests(10));
        Assert.That(catalogue.Resolve("shop/checkout:v2-crashloop").Kind, Is.EqualTo(ImageBehaviourKind.Healthy));
        Assert.That(catalogue.Resolve("team/api:anything").ErrorRate, Is.EqualTo(0.10).Within(1e-9));
        Assert.That(catalogue.Resolve("team/api:v1-unready").Kind, Is.EqualTo(ImageBehaviourKind.NeverReady), "a suffix beats the repository's entry");

        Assert.That(catalogue.Remove("shop/checkout:v2-crashloop"), Is.True);
        Assert.That(catalogue.Remove("shop/checkout:v2-crashloop"), Is.False);
        Assert.That(catalogue.Resolve("shop/checkout:v2-crashloop").Kind, Is.EqualTo(ImageBehaviourKind.CrashLoop));
        Assert.That(changes, Is.EqualTo(3));
        Assert.That(catalogue.Entries.Keys, Does.Contain("team/api").And.Contain("shop/checkout:v4"));
    }

    [Test]
    public void A_catalogue_file_is_read_with_its_behaviours_and_bad_files_say_where()
    {
        var file = ImageCatalogueFile.Parse("""
            repositories:
              - repository: team/api
                latencyMs: 50
                jitterMs: 5
                versions:
                  - tag: "2.0"
                    behaviour: errors
                    errorPercent: 12.5
                  - tag: "2.1"
                    behaviour: crashloop
                    crashAfterSeconds: 2
              - repository: team/operator
                controller: true
                behaviour: noreconcile
            """, "test.yaml");
        var catalogue = ImageCatalogue.FromFile(file, "test.yaml");

        var errors = catalogue.Resolve("team/api:2.0");
        Assert.That((errors.Kind, errors.ErrorRate, errors.Latency, errors.LatencyJitter),
            Is.EqualTo((ImageBehaviourKind.FailsRequests, 0.125, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(5))));
        Assert.That(catalogue.Resolve("team/api:2.1").CrashAfter, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(catalogue.Resolve("team/api:1.0").Kind, Is.EqualTo(ImageBehaviourKind.Healthy));
        Assert.That(catalogue.Resolve("team/operator:0.3").Reconciles, Is.False);
        Assert.That(catalogue.IsController("team/operator:0.3"), Is.True);

        var unknown = Assert.Throws<FormatException>(() => ImageCatalogue.FromFile(ImageCatalogueFile.Parse("""
            repositories:
              - repository: team/api
                versions:
                  - tag: "1"
                    behaviour: explodes
            """, "bad.yaml"), "bad.yaml"));
        Assert.That(unknown!.Message, Does.Contain("bad.yaml: repositories[0].versions[0]").And.Contain("unknown behaviour 'explodes'"));
        Assert.Throws<FormatException>(() => ImageCatalogueFile.Parse("repositories: [ {repository: x, latencyMs: fast} ]", "bad.yaml"));
    }

    [TestCase("registry.k8s.io/ingress-nginx/controller:v1.11.2", "registry.k8s.io/ingress-nginx/controller", "v1.11.2", null)]
    [TestCase("localhost:5000/app", "localhost:5000/app", "latest", null)]
    [TestCase("app@sha256:abc", "app", "latest", "sha256:abc")]
    [TestCase("app:v1@sha256:abc", "app", "v1", "sha256:abc")]
    public void Image_references_split_like_a_registry(string image, string repository, string tag, string? digest)
    {
        Assert.That(ImageReference.Parse(image), Is.EqualTo(new ImageReference(repository, tag, digest)));
    }
}
