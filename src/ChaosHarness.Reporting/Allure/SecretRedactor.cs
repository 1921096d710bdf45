namespace ChaosHarness.Reporting.Allure;

/// <summary>
/// Knows the run's secrets (tokens, keys, passwords) and blanks them out of every string the results writer puts on
/// disk: messages, traces, names, parameter values and text attachments. Thread-safe.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>Shorter values would blank out ordinary words; no real token, key or password is this short.</summary>
    public const int MinimumSecretLength = 4;

    private readonly Lock _gate = new();
    private string[] _secrets = [];

    public void Register(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"A secret shorter than {MinimumSecretLength} characters cannot be told apart from ordinary text.", nameof(secret));
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                // Longest first, so a secret that contains another is blanked whole.
                _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
            }
        }
    }

    public bool IsEmpty => Volatile.Read(ref _secrets).Length == 0;

    public string Redact(string text)
    {
        var secrets = Volatile.Read(ref _secrets);
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Parameter.MaskedValue, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
