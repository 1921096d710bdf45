using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

/// <summary>A test or step parameter. <see cref="Excluded"/> keeps it out of the history id.</summary>
public sealed record Parameter
{
    /// <summary>What a secret parameter's value is written as.</summary>
    public const string MaskedValue = "******";

    public Parameter(string name, string? value, bool excluded = false, ParameterMode mode = ParameterMode.Default)
    {
        Name = name;
        Value = mode == ParameterMode.Masked ? MaskedValue : value;
        Excluded = excluded;
        Mode = mode;
    }

    public string Name { get; }
    public string? Value { get; }
    public bool Excluded { get; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ParameterMode Mode { get; }

    /// <summary>
    /// A parameter whose value must never reach disk (a token, key or password). The value is dropped here, so no
    /// writer can leak it; it is kept out of the history id too, since an id derived from a secret can be brute-forced.
    /// Register the value with <see cref="SecretRedactor"/> as well if it may turn up in messages or attachments.
    /// </summary>
    public static Parameter Secret(string name) => new(name, MaskedValue, excluded: true, ParameterMode.Masked);
}
