using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Reporting.Tests;

public sealed class SecretRedactionTests
{
    // Characters JSON would escape, so a redactor that looked at the escaped text would miss it.
    private const string Token = "k8s-token+\"quoted\"<&>/ü";

    private string _directory = "";

    [SetUp]
    public void CreateFolder() => _directory = Directory.CreateTempSubdirectory("allure-secrets-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ARegisteredSecretReachesNoFileWhereverItWasUsed()
    {
        var secrets = new SecretRedactor();
        secrets.Register(Token);
        var writer = new AllureResultsWriter(_directory, secrets);
        var lifecycle = new AllureLifecycle(writer, new FakeTimeProvider());

        var test = lifecycle.StartTest(new TestResult { Name = $"login {Token}", FullName = "a:b.C.D()" });
        lifecycle.UpdateTest(test, r => r.Parameters.Add(new Parameter("header", $"Bearer {Token}")));
        using (lifecycle.Step($"call with {Token}"))
        {
            lifecycle.Attach("request", MediaTypes.Json, $$"""{"authorization":"Bearer {{Token}}"}""");
            lifecycle.Attach("manifest", MediaTypes.Yaml, $"token: {Token}\n");
        }

        lifecycle.StopTest(test, Status.Failed, new StatusDetails { Message = $"refused {Token}", Trace = $"at Login({Token})" });
        writer.WriteEnvironment(new Dictionary<string, string> { ["token"] = Token });
        writer.WriteExecutor(new ExecutorInfo { Name = Token });

        Assert.That(SecretSearch.FilesContaining(_directory, Token), Is.Empty);
        Assert.That(Directory.GetFiles(_directory).Select(File.ReadAllText), Has.Some.Contain(Parameter.MaskedValue));
    }

    [Test]
    public void ASecretParameterKeepsNoValueAtAll() =>
        Assert.That(Parameter.Secret("token"), Has.Property(nameof(Parameter.Value)).EqualTo("******").And.Property(nameof(Parameter.Mode)).EqualTo(ParameterMode.Masked));

    [Test]
    public void AMaskedParameterDropsItsValueEvenWhenGivenOne() =>
        Assert.That(new Parameter("password", "hunter22", mode: ParameterMode.Masked).Value, Is.EqualTo("******"));

    [Test]
    public void TooShortASecretIsRefusedRatherThanBlankingOrdinaryText() =>
        Assert.That(() => new SecretRedactor().Register("ab"), Throws.ArgumentException);

    [Test]
    public void ALongerSecretContainingAShorterOneIsBlankedWhole()
    {
        var secrets = new SecretRedactor();
        secrets.Register("abcd");
        secrets.Register("abcd-efgh");

        Assert.That(secrets.Redact("x abcd-efgh y abcd"), Is.EqualTo("x ****** y ******"));
    }
}
