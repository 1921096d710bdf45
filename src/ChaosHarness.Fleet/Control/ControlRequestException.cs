namespace ChaosHarness.Fleet.Control;

/// <summary>A control API request that cannot be served: its HTTP status and a message saying why.</summary>
internal sealed class ControlRequestException : Exception
{
    public ControlRequestException(int statusCode, string message, string? allow = null)
        : base(message)
    {
        StatusCode = statusCode;
        Allow = allow;
    }

    public ControlRequestException()
    {
    }

    public ControlRequestException(string message)
        : base(message)
    {
    }

    public ControlRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; } = 400;

    /// <summary>For a 405, the methods the route accepts.</summary>
    public string? Allow { get; }
}
