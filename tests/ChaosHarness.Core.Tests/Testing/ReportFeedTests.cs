using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Core.Tests.Testing;

/// <summary>The pieces of ChaosHarness.Testing that feed the Allure report (docs/reporting.md), on their own.</summary>
public class ReportFeedTests
{
    private const string ClientKey = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIPr1v4teK3yQ9c2mL0nB8x7sZqK1aW5dE6fR7gT8hY9uoAoGCCqGSM49\nAwEHoUQDQgAE0123456789abcdefghij\n-----END EC PRIVATE KEY-----\n";

    private readonly TempDirectory _dir = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    [Test]
    public void Every_credential_of_a_kubeconfig_is_found()
    {
        var keyFile = _dir.File("client.key");
        File.WriteAllText(keyFile, "-----BEGIN PRIVATE KEY-----\nfile-key-body-0123456789\n-----END PRIVATE KEY-----\n");
        var kubeconfig = _dir.File("kubeconfig");
        File.WriteAllText(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            current-context: a
            clusters:
            - name: a
              cluster: { server: https://127.0.0.1:6443 }
            contexts:
            - name: a
              context: { cluster: a, user: token-user }
            users:
            - name: token-user
              user: { token: tok-0123456789abcdef }
            - name: basic-user
              user: { username: admin, password: p4ssw0rd-xyz }
            - name: key-user
              user:
                client-certificate-data: Y2VydGlmaWNhdGU=
                client-key-data: {{Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientKey))}}
            - name: file-key-user
              user: { client-key: {{keyFile}} }
            - name: oidc-user
              user:
                auth-provider:
                  name: oidc
                  config: { client-id: harness, client-secret: oidc-s3cret-value, id-token: eyJhbGciOi.oidc-id-token, idp-issuer-url: https://issuer.example }
            """);

        var secrets = KubeconfigSecrets.Read(kubeconfig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(secrets, Is.SupersetOf(new[]
            {
                "tok-0123456789abcdef", "p4ssw0rd-xyz", Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientKey)), ClientKey.Trim(),
                "MHcCAQEEIPr1v4teK3yQ9c2mL0nB8x7sZqK1aW5dE6fR7gT8hY9uoAoGCCqGSM49", "file-key-body-0123456789",
                "oidc-s3cret-value", "eyJhbGciOi.oidc-id-token",
            }));
            Assert.That(secrets, Has.None.EqualTo("Y2VydGlmaWNhdGU=").And.None.EqualTo("harness").And.None.EqualTo("admin"), "certificates and names are no secrets");
            Assert.That(secrets, Has.None.EqualTo("-----BEGIN EC PRIVATE KEY-----").And.None.EqualTo("https://issuer.example"), "a key's armour lines are no secret");
        }
    }

    [Test]
    public void A_missing_kubeconfig_has_no_secrets() => Assert.That(KubeconfigSecrets.Read(_dir.File("none")), Is.Empty);

    [Test]
    public void Faults_are_filed_under_their_family()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(FaultFamily.Of(new ZoneOutage("eu-west-1", "eu-west-1a")), Is.EqualTo(FaultFamily.ZoneLoss));
            Assert.That(FaultFamily.Of(new RegionOutage("eu-west")), Is.EqualTo(FaultFamily.RegionLoss));
            Assert.That(FaultFamily.Of(new ApiThrottle("eu-west-1", ThrottleSubject.ServiceAccount("argo-rollouts", "argo-rollouts"), ThrottleLevel.Jail)), Is.EqualTo(FaultFamily.ApiThrottling));
            Assert.That(FaultFamily.Of(new ControllerUpgrade("eu-west-1", "argo-rollouts", "argo-rollouts", "quay.io/argoproj/argo-rollouts:v9-crashloop")), Is.EqualTo(FaultFamily.FailedControllerUpgrade));
            Assert.That(FaultFamily.Of(new Unnamed(new FaultTarget("eu-west-1", Region: "eu-west"))), Is.EqualTo(FaultFamily.RegionLoss));
            Assert.That(FaultFamily.Of(new Unnamed(new FaultTarget("eu-west-1"))), Is.EqualTo(FaultFamily.Other));
        }
    }

    [Test]
    public void Objects_read_as_kubectl_shows_them_in_yaml()
    {
        var body = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","managedFields":[{"manager":"kubectl"}],
             "annotations":{"ttl":"0","enabled":"true"}},"spec":{"replicas":6,"paused":false,"ratio":0.5,"selector":null}}
            """)!.AsObject();

        // Strings that would read as numbers or booleans are quoted; null is left empty; managedFields are gone.
        Assert.That(JsonYaml.Format(body).ReplaceLineEndings("\n"), Is.EqualTo(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    ttl: \"0\"\n    enabled: \"true\"\n" +
            "spec:\n  replicas: 6\n  paused: false\n  ratio: 0.5\n  selector: \n"));
    }

    [Test]
    public void Identifiers_read_as_words()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ExperimentDescription.Words("HoldsErrorBudget"), Is.EqualTo("holds error budget"));
            Assert.That(ExperimentDescription.Sentence("ZoneLossDuringDeploymentRollout"), Is.EqualTo("Zone loss during deployment rollout"));
            Assert.That(ExperimentDescription.Sentence("Checkout_under_zone_loss"), Is.EqualTo("Checkout under zone loss"));
        }
    }

    private sealed class Unnamed(FaultTarget target) : IFault
    {
        public string Name => "something else";

        public FaultTarget Target => target;

        public ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
