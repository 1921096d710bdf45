using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ChaosHarness.Core.Journal;

/// <summary>
/// Names one run of the harness. It is stamped on every journal entry and on every object a fault touches,
/// so it must be a valid Kubernetes label value (at most 63 characters of [A-Za-z0-9._-]).
/// </summary>
public readonly partial record struct RunId
{
    public RunId(string value)
    {
        if (!Valid().IsMatch(value))
        {
            throw new ArgumentException($"'{value}' is not a valid run id: it must be a Kubernetes label value (1–63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static RunId New(DateTimeOffset now)
        => new($"run-{now.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}");

    public override string ToString() => Value;

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$")]
    private static partial Regex Valid();
}
