using System.Text.Json;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Lifecycle;

namespace ChaosHarness.Reporting;

/// <summary>
/// What experiments and the harness call while a test runs: steps, attachments, parameters, secrets. Records into
/// <see cref="Lifecycle"/>, which the NUnit hook (or the harness) sets up; outside a running test, steps and
/// attachments are quietly dropped, so harness code can report unconditionally.
/// </summary>
public static class Report
{
    private static AllureLifecycle? s_lifecycle;

    /// <summary>The lifecycle in use; made on first use from <c>ALLURE_RESULTS_DIRECTORY</c> and the system clock.</summary>
    public static AllureLifecycle Lifecycle
    {
        get
        {
            var lifecycle = Volatile.Read(ref s_lifecycle);
            if (lifecycle is not null)
            {
                return lifecycle;
            }

            Interlocked.CompareExchange(ref s_lifecycle, AllureLifecycle.CreateDefault(), null);
            return s_lifecycle;
        }
    }

    /// <summary>Replaces the lifecycle, e.g. with one on the fleet's clock. Call before the first test starts.</summary>
    public static void Use(AllureLifecycle lifecycle) => Volatile.Write(ref s_lifecycle, lifecycle);

    public static ReportStep Step(string name, params IEnumerable<Parameter> parameters) => Lifecycle.Step(name, parameters);

    public static void Step(string name, Action body) => Lifecycle.Step(name, body);

    public static T Step<T>(string name, Func<T> body) => Lifecycle.Step(name, body);

    public static Task StepAsync(string name, Func<CancellationToken, Task> body, CancellationToken cancellationToken = default) =>
        Lifecycle.StepAsync(name, body, cancellationToken);

    public static Task<T> StepAsync<T>(string name, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        Lifecycle.StepAsync(name, body, cancellationToken);

    /// <summary>A set-up of the current fixture class, e.g. in a one-time set-up: <c>using var _ = Report.Before("start fleet");</c></summary>
    public static ReportFixture Before(string name) => Lifecycle.Before(name);

    public static ReportFixture After(string name) => Lifecycle.After(name);

    public static void Attach(string name, string mediaType, ReadOnlySpan<byte> content)
    {
        var lifecycle = Lifecycle;
        if (lifecycle.Current is { } item)
        {
            lifecycle.Attach(name, mediaType, content, item);
        }
    }

    public static void AttachText(string name, string text) => AttachString(name, MediaTypes.Text, text);

    public static void AttachJson(string name, string json) => AttachString(name, MediaTypes.Json, json);

    public static void AttachJson<T>(string name, T value) =>
        AttachString(name, MediaTypes.Json, JsonSerializer.Serialize(value, IndentedJson));

    public static void AttachYaml(string name, string yaml) => AttachString(name, MediaTypes.Yaml, yaml);

    /// <summary>A table, shown by the report as one: the header, then one row per line.</summary>
    public static void AttachTable(string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        AttachString(name, MediaTypes.Csv, CsvTable.Format(header, rows));

    public static void AttachPng(string name, ReadOnlySpan<byte> png) => Attach(name, MediaTypes.Png, png);

    public static void AttachSvg(string name, string svg) => AttachString(name, MediaTypes.Svg, svg);

    /// <summary>Adds a parameter to the current step, or to the test when no step is open.</summary>
    public static void Parameter(string name, string value) => AddParameter(new Allure.Parameter(name, value));

    /// <summary>Records that a secret was used, masked, and makes sure its value is blanked out of everything written.</summary>
    public static void SecretParameter(string name, string value)
    {
        RegisterSecret(value);
        AddParameter(Allure.Parameter.Secret(name));
    }

    /// <summary>A token, key or password of the run: it is blanked out of every result, attachment and report file.</summary>
    public static void RegisterSecret(string secret) => Lifecycle.Secrets.Register(secret);

    public static void Label(string name, string value) => UpdateTest(test => test.Labels.Add(new Label(name, value)));

    /// <summary>Adds the label unless the running test already has this name with this value.</summary>
    public static void LabelOnce(string name, string value) => UpdateTest(test =>
    {
        if (!test.Labels.Any(l => l.Name == name && l.Value == value))
        {
            test.Labels.Add(new Label(name, value));
        }
    });

    /// <summary>Adds the label unless the running test already has one of this name (e.g. from an annotation).</summary>
    public static void DefaultLabel(string name, string value) => UpdateTest(test =>
    {
        if (!test.Labels.Any(l => l.Name == name))
        {
            test.Labels.Add(new Label(name, value));
        }
    });

    /// <summary>Whether the running test has a label of this name.</summary>
    public static bool HasLabel(string name)
    {
        var found = false;
        UpdateTest(test => found = test.Labels.Any(l => l.Name == name));
        return found;
    }

    /// <summary>
    /// Adds a parameter to the running test itself, even while a step is open; once per name and value. Excluded from
    /// the history id by default: it describes the experiment, it does not make it another test case.
    /// </summary>
    public static void TestParameter(string name, string value, bool excluded = true) => UpdateTest(test =>
    {
        if (!test.Parameters.Any(p => p.Name == name && p.Value == value))
        {
            test.Parameters.Add(new Allure.Parameter(name, value, excluded));
        }
    });

    public static void Link(string name, string url, string type = "link") => UpdateTest(test => test.Links.Add(new Link(name, url, type)));

    public static void Description(string markdown) => UpdateTest(test => test.Description = markdown);

    private static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static void AttachString(string name, string mediaType, string text)
    {
        var lifecycle = Lifecycle;
        if (lifecycle.Current is { } item)
        {
            lifecycle.Attach(name, mediaType, text, item);
        }
    }

    private static void AddParameter(Allure.Parameter parameter)
    {
        var lifecycle = Lifecycle;
        if (lifecycle.Current is { } item)
        {
            lifecycle.AddParameter(item, parameter);
        }
    }

    private static void UpdateTest(Action<TestResult> change)
    {
        var lifecycle = Lifecycle;
        if (lifecycle.CurrentTest is { } test)
        {
            lifecycle.UpdateTest(test, change);
        }
    }
}
