namespace ChaosHarness.Core.Fleets.Control;

/// <summary>The control API refused a request: 400 for bad input, 404 for an unknown zone, region, defect or route.</summary>
public sealed class FleetControlException : Exception
{
    public FleetControlException(int statusCode, string message)
        : base(message) => StatusCode = statusCode;

    public FleetControlException()
    {
    }

    public FleetControlException(string message)
        : base(message)
    {
    }

    public FleetControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; }
}
