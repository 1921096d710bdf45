namespace ChaosHarness.Fleet.Physics;

/// <summary>A fault named a zone, region or defect the fleet does not have; the message names the ones it has.</summary>
public sealed class UnknownTargetException : Exception
{
    public UnknownTargetException(string kind, string name, IEnumerable<string> known)
        : base($"unknown {kind} '{name}'; known {kind}s: {string.Join(", ", known)}")
    {
    }

    public UnknownTargetException()
    {
    }

    public UnknownTargetException(string message)
        : base(message)
    {
    }

    public UnknownTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
