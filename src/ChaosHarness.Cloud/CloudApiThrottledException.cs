namespace ChaosHarness.Cloud;

/// <summary>The cloud API kept answering a call with throttling errors until the retry budget ran out.</summary>
public sealed class CloudApiThrottledException(string operation, string errorCode, int attempts, TimeSpan elapsed, Exception inner)
    : Exception($"The cloud API throttled {operation} ({errorCode}) on all {attempts} attempt(s) over {elapsed.TotalSeconds:0.###} s; giving up.", inner)
{
    public string Operation { get; } = operation;

    public string ErrorCode { get; } = errorCode;

    public int Attempts { get; } = attempts;
}
