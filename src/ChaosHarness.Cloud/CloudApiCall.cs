namespace ChaosHarness.Cloud;

/// <summary>One call that reached a <see cref="CloudApiThrottle"/>, as a throttling rule sees it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path, without the query.</param>
/// <param name="Action">The EC2 action (<c>StopInstances</c>), or for ARM the last path segment (<c>powerOff</c>, <c>virtualMachineScaleSets</c>).</param>
public sealed record CloudApiCall(string Method, string Path, string Action);
