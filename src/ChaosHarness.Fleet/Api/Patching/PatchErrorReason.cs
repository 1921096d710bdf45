namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>Which Kubernetes status reason a failed patch is answered with.</summary>
public enum PatchErrorReason
{
    /// <summary>The patch document itself is malformed: 400 BadRequest.</summary>
    BadRequest,

    /// <summary>The patch is well formed but cannot be applied to this object: 422 Invalid.</summary>
    Invalid,
}
