using ChaosHarness.Reporting.Allure;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ChaosHarness.Reporting.NUnit;

/// <summary>Reads what the report needs from NUnit's test tree.</summary>
internal static class NUnitTestCases
{
    public static TestCaseDescription? Describe(ITest test)
    {
        if (test.IsSuite || test.Method?.MethodInfo is not { } method)
        {
            return null;
        }

        var lineage = Lineage(test).ToList();
        return new TestCaseDescription
        {
            Method = method,
            TestClass = test.TypeInfo?.Type ?? method.DeclaringType ?? typeof(object),
            DisplayName = test.Name,
            Arguments = test.Arguments,
            Categories = [.. lineage.SelectMany(t => Values(t, PropertyNames.Category))],
            Authors = [.. lineage.SelectMany(t => Values(t, PropertyNames.Author))],
            Description = lineage.SelectMany(t => Values(t, PropertyNames.Description)).FirstOrDefault(),
        };
    }

    /// <summary>The nearest enclosing fixture class (its suite), if any.</summary>
    public static ITest? Fixture(ITest test)
    {
        for (var suite = test.Parent; suite is not null; suite = suite.Parent)
        {
            if (suite.IsSuite && suite.TypeInfo is not null && suite is not TestAssembly)
            {
                return suite;
            }
        }

        return null;
    }

    public static bool IsAssembly(ITest test) => test is TestAssembly;

    public static bool IsFixture(ITest test) => test.IsSuite && test.TypeInfo is not null && test is not TestAssembly;

    private static IEnumerable<ITest> Lineage(ITest test)
    {
        for (var current = test; current is not null; current = current.Parent)
        {
            yield return current;
        }
    }

    private static IEnumerable<string> Values(ITest test, string property) =>
        test.Properties[property].OfType<object>().Select(v => v.ToString() ?? "").Where(v => v.Length > 0);
}
