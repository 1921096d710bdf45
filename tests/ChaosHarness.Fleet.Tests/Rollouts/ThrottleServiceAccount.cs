using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>
/// API throttling of one service account, as API Priority and Fairness answers requests beyond a level's concurrency: while
/// <see cref="On"/>, every other write of the account gets 429 with Retry-After; while <see cref="Jailed"/> (a level of
/// zero concurrency shares), every write does.
/// </summary>
internal sealed class ThrottleServiceAccount(string ns, string name, int retryAfterSeconds = 1) : IAdmissionPlugin
{
    private readonly ApiCaller _account = ApiCaller.ServiceAccount(ns, name);
    private int _writes;

    public volatile bool On;

    public volatile bool Jailed;

    public int Rejected;

    public void Admit(AdmissionRequest request)
    {
        if (request.Caller.UserName != _account.UserName) return;
        if (!Jailed && (!On || Interlocked.Increment(ref _writes) % 2 != 0)) return;
        Interlocked.Increment(ref Rejected);
        throw ApiException.TooManyRequests("Too many requests, please try again later.", retryAfterSeconds);
    }
}
