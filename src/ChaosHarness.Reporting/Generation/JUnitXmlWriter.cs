using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Generation;

/// <summary>
/// JUnit XML for CI systems, made from the same Allure results the report is made from: one test suite per
/// fixture class, failed results as failures, broken ones as errors, skipped ones as skipped, and each result's
/// steps as its output.
/// </summary>
public static class JUnitXmlWriter
{
    public static void Write(IReadOnlyList<TestResult> results, string path, string name = "ChaosHarness")
    {
        var suites = results
            .GroupBy(SuiteName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Suite(g.Key, [.. g.OrderBy(r => r.Start)]))
            .ToList();

        var root = new XElement("testsuites", new XAttribute("name", name), Counts(results), suites);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
    }

    private static XElement Suite(string name, IReadOnlyList<TestResult> results)
    {
        var first = results.Min(r => r.Start) ?? 0;
        return new XElement(
            "testsuite",
            new XAttribute("name", name),
            Counts(results),
            new XAttribute("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(first).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            results.Select(Case));
    }

    private static XElement Case(TestResult result)
    {
        var element = new XElement(
            "testcase",
            new XAttribute("classname", LabelValue(result, LabelNames.TestClass) ?? SuiteName(result)),
            new XAttribute("name", result.Name),
            new XAttribute("time", Seconds(result)));
        var message = result.StatusDetails?.Message ?? "";
        var trace = result.StatusDetails?.Trace ?? "";
        switch (result.Status)
        {
            case Status.Failed:
                element.Add(new XElement("failure", new XAttribute("message", message), trace));
                break;
            case Status.Broken:
                element.Add(new XElement("error", new XAttribute("message", message), trace));
                break;
            case Status.Skipped:
                element.Add(new XElement("skipped", new XAttribute("message", message)));
                break;
        }

        if (result.Steps.Count > 0)
        {
            var outline = new StringBuilder();
            AppendSteps(outline, result.Steps, 0);
            element.Add(new XElement("system-out", outline.ToString()));
        }

        return element;
    }

    private static XAttribute[] Counts(IReadOnlyCollection<TestResult> results) =>
    [
        new("tests", results.Count),
        new("failures", results.Count(r => r.Status == Status.Failed)),
        new("errors", results.Count(r => r.Status == Status.Broken)),
        new("skipped", results.Count(r => r.Status == Status.Skipped)),
        new("time", results.Sum(r => (r.Stop ?? 0) - (r.Start ?? 0)) / 1000.0),
    ];

    private static void AppendSteps(StringBuilder outline, List<StepResult> steps, int depth)
    {
        foreach (var step in steps)
        {
            outline.Append(' ', depth * 2).Append(step.Status?.ToString().ToLowerInvariant() ?? "unknown").Append("  ").Append(step.Name);
            if (step.StatusDetails?.Message is { } message)
            {
                outline.Append(" — ").Append(message);
            }

            outline.Append('\n');
            AppendSteps(outline, step.Steps, depth + 1);
        }
    }

    private static string SuiteName(TestResult result) =>
        string.Join('.', new[] { LabelNames.Suite, LabelNames.SubSuite }.Select(n => LabelValue(result, n)).Where(v => !string.IsNullOrEmpty(v)))
        is { Length: > 0 } name ? name : "tests";

    private static string? LabelValue(TestResult result, string name) =>
        result.Labels.FirstOrDefault(l => l.Name == name)?.Value;

    private static string Seconds(TestResult result) =>
        (((result.Stop ?? 0) - (result.Start ?? 0)) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
