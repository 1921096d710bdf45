using System.Globalization;
using System.Reflection;
using ChaosHarness.Reporting.Annotations;

namespace ChaosHarness.Reporting.Allure;

/// <summary>Turns a <see cref="TestCaseDescription"/> into a result with ids, labels, links and parameters.</summary>
public sealed class TestResultFactory(SecretRedactor secrets, Func<IReadOnlyDictionary<string, string>>? environment = null)
{
    private readonly Func<IReadOnlyDictionary<string, string>> _environment = environment ?? ReadEnvironment;

    public TestResult Create(TestCaseDescription test)
    {
        var parameters = Parameters(test);
        var fullName = AllureIds.FullName(test.Method, test.TestClass);
        var testClass = test.TestClass;
        var result = new TestResult
        {
            Uuid = Guid.NewGuid().ToString(),
            FullName = fullName,
            TestCaseId = AllureIds.TestCaseId(fullName),
            HistoryId = AllureIds.HistoryId(fullName, parameters),
            Name = test.DisplayName ?? test.Method.Name,
            Description = test.Description,
            Parameters = parameters,
            Labels =
            [
                Label.ParentSuite(testClass.Assembly.GetName().Name ?? "tests"),
                Label.Suite(testClass.Namespace ?? ""),
                Label.SubSuite(ClassName(testClass)),
                new(LabelNames.Host, Environment.MachineName),
                new(LabelNames.Thread, $"{Environment.ProcessId}@{Environment.MachineName}.{Environment.CurrentManagedThreadId}"),
                new(LabelNames.Framework, test.Framework),
                new(LabelNames.Language, "C#"),
                new(LabelNames.Package, testClass.Namespace ?? ""),
                new(LabelNames.TestClass, testClass.FullName ?? testClass.Name),
                new(LabelNames.TestMethod, test.Method.Name),
            ],
        };

        result.Labels.AddRange(test.Categories.Distinct(StringComparer.Ordinal).Select(Label.Tag));
        result.Labels.AddRange(test.Authors.Distinct(StringComparer.Ordinal).Select(Label.Owner));
        AddAnnotations(result, testClass, test.Method);
        foreach (var (name, value) in _environment().OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            result.Labels.Add(new Label(name, value));
        }

        return result;
    }

    private List<Parameter> Parameters(TestCaseDescription test)
    {
        var declared = test.Method.GetParameters();
        var parameters = new List<Parameter>(test.Arguments.Count);
        for (var i = 0; i < test.Arguments.Count && i < declared.Length; i++)
        {
            var name = declared[i].Name ?? $"arg{i}";
            var value = Format(test.Arguments[i]);
            if (declared[i].GetCustomAttribute<SecretAttribute>() is not null)
            {
                if (value.Length >= SecretRedactor.MinimumSecretLength)
                {
                    secrets.Register(value);
                }

                parameters.Add(Parameter.Secret(name));
            }
            else
            {
                parameters.Add(new Parameter(name, value));
            }
        }

        return parameters;
    }

    private static void AddAnnotations(TestResult result, Type testClass, MethodInfo method)
    {
        MemberInfo[] members = [testClass, method];
        foreach (var member in members)
        {
            result.Labels.AddRange(member.GetCustomAttributes<EpicAttribute>().Select(a => Label.Epic(a.Name)));
            result.Labels.AddRange(member.GetCustomAttributes<FeatureAttribute>().Select(a => Label.Feature(a.Name)));
            result.Labels.AddRange(member.GetCustomAttributes<StoryAttribute>().Select(a => Label.Story(a.Name)));
            result.Links.AddRange(member.GetCustomAttributes<LinkAttribute>().Select(a => new Link(a.Name, a.Url, a.Type)));
        }

        var severity = method.GetCustomAttribute<SeverityAttribute>() ?? testClass.GetCustomAttribute<SeverityAttribute>();
        if (severity is not null)
        {
            result.Labels.Add(Label.Severity(severity.Level));
        }
    }

    private static string ClassName(Type type) =>
        type.DeclaringType is { } outer ? $"{ClassName(outer)}+{type.Name}" : type.Name;

    private static string Format(object? argument) => argument switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? "",
    };

    private static IReadOnlyDictionary<string, string> ReadEnvironment()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key
                && key.StartsWith(LabelNames.EnvironmentVariablePrefix, StringComparison.Ordinal)
                && key.Length > LabelNames.EnvironmentVariablePrefix.Length
                && entry.Value is string value)
            {
                labels[key[LabelNames.EnvironmentVariablePrefix.Length..]] = value;
            }
        }

        return labels;
    }
}
