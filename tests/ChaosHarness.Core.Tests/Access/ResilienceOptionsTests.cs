using ChaosHarness.Kube.Access;

namespace ChaosHarness.Core.Tests.Access;

public class ResilienceOptionsTests
{
    [Test]
    public void On_a_real_fleet_the_defaults_stand()
        => Assert.That(KubernetesResilienceOptions.ForSpeed(1), Is.EqualTo(new KubernetesResilienceOptions()));

    [Test]
    public void On_a_fast_fleet_waits_for_an_answer_keep_a_wall_clock_floor_and_retry_after_stays_fleet_time()
    {
        var options = KubernetesResilienceOptions.ForSpeed(60);

        Assert.Multiple(() =>
        {
            Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromMinutes(10)), "10 wall seconds at 60×");
            Assert.That(options.WatchConnectTimeout, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(options.BreakerBreakDuration, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.MaxThrottleDelay, Is.EqualTo(new KubernetesResilienceOptions().MaxThrottleDelay));
            Assert.That(options.TransientBaseDelay, Is.EqualTo(new KubernetesResilienceOptions().TransientBaseDelay));
        });
    }
}
