using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChaosHarness.Reporting.Allure;

/// <summary>
/// The ids that tie one test's results together across runs, as the official Allure NUnit adapter makes them, so
/// history carries over if the project ever moves to it: <c>{Assembly}:{Namespace}.{Class}.{Method}({parameter types})</c>,
/// its md5 as <c>testCaseId</c>, and the md5 of it with the non-excluded parameter values as <c>historyId</c>.
/// </summary>
public static class AllureIds
{
    /// <param name="testClass">The fixture the test ran in, when it inherits the method from a base class.</param>
    public static string FullName(MethodInfo method, Type? testClass = null)
    {
        if (method.IsGenericMethod && !method.IsGenericMethodDefinition)
        {
            method = method.GetGenericMethodDefinition();
        }

        var declaringType = testClass ?? method.DeclaringType ?? throw new ArgumentException("A test method belongs to a type.", nameof(method));
        var typeParameters = method.IsGenericMethodDefinition ? $"[{TypeList(method.GetGenericArguments())}]" : "";
        var parameterTypes = TypeList(method.GetParameters().Select(p => p.ParameterType));
        return $"{TypeName(declaringType)}.{method.Name}{typeParameters}({parameterTypes})";
    }

    /// <summary>The name of a class as the adapter writes it: assembly-qualified, unless it is a system type.</summary>
    public static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var name = type.Assembly == typeof(object).Assembly
            ? NestedName(type)
            : $"{type.Assembly.GetName().Name}:{NestedName(type)}";
        return type.IsGenericType ? $"{name}[{TypeList(type.GetGenericArguments())}]" : name;
    }

    public static string TestCaseId(string fullName) => Md5(fullName);

    public static string HistoryId(string fullName, IEnumerable<Parameter> parameters)
    {
        var values = parameters
            .Where(p => !p.Excluded)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Value)
            .ToList();
        return Md5(JsonSerializer.Serialize(new HistoryKey(fullName, values), AllureJson.ReaderOptions));
    }

    private static string NestedName(Type type) =>
        type.DeclaringType is { } outer
            ? $"{NestedName(outer)}+{type.Name}"
            : string.IsNullOrEmpty(type.Namespace) ? type.Name : $"{type.Namespace}.{type.Name}";

    private static string TypeList(IEnumerable<Type> types) => string.Join(",", types.Select(TypeName));

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record HistoryKey(string FullName, IReadOnlyList<string?> Parameters);
}
