using ChaosHarness.Core.Experiments;

namespace ChaosHarness.Aws;

public static class AwsExperimentExtensions
{
    /// <summary>
    /// Lets the experiment's AWS faults reach EC2 (credentials from the SDK chain unless <paramref name="options"/> give
    /// them; each cluster's region and endpoint from its fleet file account) and revert them; the access lives as long
    /// as the experiment.
    /// </summary>
    public static ExperimentBuilder UseAws(this ExperimentBuilder builder, Ec2AccessOptions? options = null)
        => builder.OnStart(b =>
        {
            var ec2 = new Ec2Access(b.Fleet.Clock, options);
            b.Services.UseAws(ec2);
            b.UndoHandlers.AddAws(ec2);
            b.Owns(ec2);
        });
}
