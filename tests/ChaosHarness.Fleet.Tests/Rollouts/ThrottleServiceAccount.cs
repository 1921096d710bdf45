using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>
/// API throttling of one service account, as API Priority and Fairness answers requests beyond a level's concurrency: while
/// on, every other write of the account gets 429 with Retry-After.
/// </summary>
internal sealed class ThrottleServiceAccount(string ns, string name, int retryAfterSeconds = 1) : IAdmissionPlugin
{
    private readonly ApiCaller _account = ApiCaller.ServiceAccount(ns, name);
    private int _writes;

    public volatile bool On;

    public int Rejected;

    public void Admit(AdmissionRequest request)
    {
        if (!On || request.Caller.UserName != _account.UserName || Interlocked.Increment(ref _writes) % 2 != 0) return;
        Interlocked.Increment(ref Rejected);
        throw ApiException.TooManyRequests("Too many requests, please try again later.", retryAfterSeconds);
    }
}
