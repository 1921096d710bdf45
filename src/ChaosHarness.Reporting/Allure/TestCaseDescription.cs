using System.Reflection;

namespace ChaosHarness.Reporting.Allure;

/// <summary>What a test framework knows about one test case, from which its result is made.</summary>
public sealed record TestCaseDescription
{
    public required MethodInfo Method { get; init; }

    /// <summary>The fixture class the test runs in (a derived class when the method is inherited).</summary>
    public required Type TestClass { get; init; }

    /// <summary>The name the framework shows, arguments included; the method's name if not given.</summary>
    public string? DisplayName { get; init; }

    public IReadOnlyList<object?> Arguments { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Authors { get; init; } = [];
    public string? Description { get; init; }
    public string Framework { get; init; } = "NUnit";
}
