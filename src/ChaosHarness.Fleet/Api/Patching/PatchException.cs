namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>A patch that cannot be applied; <see cref="Exception.Message"/> is worded as the real API server words it.</summary>
public sealed class PatchException : Exception
{
    public PatchException(PatchErrorReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public PatchErrorReason Reason { get; }

    internal static PatchException BadRequest(string message) => new(PatchErrorReason.BadRequest, message);

    internal static PatchException Invalid(string message) => new(PatchErrorReason.Invalid, message);
}
