namespace ChaosHarness.Reporting.Annotations;

/// <summary>
/// The argument passed to this test parameter is a secret: it is reported masked, kept out of the history id, and
/// blanked out wherever else it would be written (the test's display name, messages, attachments).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class SecretAttribute : Attribute;
