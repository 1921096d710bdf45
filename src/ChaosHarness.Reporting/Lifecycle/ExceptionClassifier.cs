using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>
/// Says what an exception means for a test or step, as the official adapters do: a failed assertion or expectation
/// is <see cref="Status.Failed"/> (the system under test misbehaved); any other exception is
/// <see cref="Status.Broken"/> (the test or the harness could not do its job).
/// </summary>
public sealed class ExceptionClassifier
{
    private readonly HashSet<string> _failures;
    private readonly HashSet<string> _skips;
    private readonly HashSet<string> _passes;

    public ExceptionClassifier(IEnumerable<string>? failureTypes = null, IEnumerable<string>? skipTypes = null, IEnumerable<string>? passTypes = null)
    {
        _failures = new HashSet<string>(failureTypes ?? DefaultFailureTypes, StringComparer.Ordinal);
        _skips = new HashSet<string>(skipTypes ?? DefaultSkipTypes, StringComparer.Ordinal);
        _passes = new HashSet<string>(passTypes ?? DefaultPassTypes, StringComparer.Ordinal);
    }

    /// <summary>Assertion exceptions of the common test frameworks, by full type name, so this project needs none of them.</summary>
    public static IReadOnlyList<string> DefaultFailureTypes { get; } =
    [
        "NUnit.Framework.AssertionException",
        "NUnit.Framework.MultipleAssertException",
        "Xunit.Sdk.XunitException",
        "Microsoft.VisualStudio.TestTools.UnitTesting.AssertFailedException",
    ];

    public static IReadOnlyList<string> DefaultSkipTypes { get; } = ["NUnit.Framework.IgnoreException"];

    public static IReadOnlyList<string> DefaultPassTypes { get; } = ["NUnit.Framework.SuccessException"];

    public static ExceptionClassifier Default { get; } = new();

    public Status StatusOf(Exception exception)
    {
        exception = Unwrap(exception);
        if (Matches(exception, _failures) || exception.Message.StartsWith(FailureMessages.ExpectationFailed, StringComparison.Ordinal))
        {
            return Status.Failed;
        }

        if (Matches(exception, _skips))
        {
            return Status.Skipped;
        }

        return Matches(exception, _passes) ? Status.Passed : Status.Broken;
    }

    public StatusDetails DetailsOf(Exception exception)
    {
        var unwrapped = Unwrap(exception);
        return new StatusDetails { Message = unwrapped.Message, Trace = exception.ToString() };
    }

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0]) : exception;

    private static bool Matches(Exception exception, HashSet<string> typeNames)
    {
        for (var type = exception.GetType(); type is not null; type = type.BaseType)
        {
            if (type.FullName is { } name && typeNames.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
