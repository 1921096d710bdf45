using System.Text.Json;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class ResultsWriterTests
{
    private string _directory = "";

    [SetUp]
    public void CreateFolder() => _directory = Directory.CreateTempSubdirectory("allure-writer-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void WritesAResultAsUuidResultJsonInTheFormatsWords()
    {
        var writer = new AllureResultsWriter(_directory);
        writer.WriteResult(new TestResult
        {
            Uuid = "0b5c4a0e-1111-2222-3333-444455556666",
            Name = "halts",
            Status = Status.Broken,
            Stage = Stage.Finished,
            Parameters = [Parameter.Secret("token")],
        });

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "0b5c4a0e-1111-2222-3333-444455556666-result.json")));
        var root = json.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("broken"));
            Assert.That(root.GetProperty("stage").GetString(), Is.EqualTo("finished"));
            Assert.That(root.GetProperty("parameters")[0].GetProperty("mode").GetString(), Is.EqualTo("masked"));
            Assert.That(root.GetProperty("parameters")[0].GetProperty("value").GetString(), Is.EqualTo("******"));
            Assert.That(root.TryGetProperty("description", out _), Is.False, "nulls are left out");
            Assert.That(Directory.GetFiles(_directory, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        }
    }

    [Test]
    public void AttachmentFileIsNamedWithTheExtensionItsTypeNeeds()
    {
        var writer = new AllureResultsWriter(_directory);

        var yaml = writer.WriteAttachment("rollout", MediaTypes.Yaml, "kind: Rollout\n");
        var png = writer.WriteAttachment("chart", MediaTypes.Png, [0x89, 0x50]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(yaml.Source, Does.Match(@"^[0-9a-f-]{36}-attachment\.yaml$"));
            Assert.That(png.Source, Does.EndWith("-attachment.png"));
            Assert.That(File.ReadAllText(Path.Combine(_directory, yaml.Source)), Is.EqualTo("kind: Rollout\n"));
        }
    }

    [Test]
    public void EnvironmentPropertiesAreJavaPropertiesSortedByKey()
    {
        var writer = new AllureResultsWriter(_directory);
        writer.WriteEnvironment(new Dictionary<string, string>
        {
            ["seed"] = "42",
            ["clock speed"] = "120x",
            ["clusters"] = "eu-west-1a, us-east-1a",
            ["fleet"] = "embedded:ä",
        });

        Assert.That(
            File.ReadAllLines(Path.Combine(_directory, "environment.properties")),
            Is.EqualTo(new[] { @"clock\ speed=120x", "clusters=eu-west-1a, us-east-1a", @"fleet=embedded:\u00e4", "seed=42" }));
    }

    [Test]
    public void ExecutorAndCategoriesAreWrittenInTheFormatsFieldNames()
    {
        var writer = new AllureResultsWriter(_directory);
        writer.WriteExecutor(new ExecutorInfo { Name = "nightly", Type = "github", BuildOrder = 12, BuildName = "night 12" });
        writer.WriteCategories(HarnessCategories.All);

        using var executor = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "executor.json")));
        using var categories = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, "categories.json")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(executor.RootElement.GetProperty("buildOrder").GetInt64(), Is.EqualTo(12));
            Assert.That(executor.RootElement.GetProperty("type").GetString(), Is.EqualTo("github"));
            Assert.That(categories.RootElement[0].GetProperty("matchedStatuses")[0].GetString(), Is.EqualTo("failed"));
            Assert.That(categories.RootElement[0].GetProperty("messageRegex").GetString(), Is.EqualTo("(?s)Expectation failed:.*"));
        }
    }
}
