using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Aws;

/// <summary>Stops a zone's instances, tagging each with the run first; undone by starting exactly the tagged ones.</summary>
public sealed class Ec2InstanceStop(Ec2Access access) : IUndoHandler
{
    public string Kind => AwsUndoKinds.StoppedInstances;

    public static UndoRecord Record(string cluster, AwsConnection connection, string zone, IReadOnlyList<string> instanceIds)
    {
        var data = new JsonObject { ["zone"] = zone, ["instanceIds"] = new JsonArray(instanceIds.Select(i => (JsonNode?)i).ToArray()) };
        connection.WriteTo(data);
        return new UndoRecord(AwsUndoKinds.StoppedInstances, cluster, $"instances {string.Join(", ", instanceIds)} in {zone}", data);
    }

    public static async ValueTask ApplyAsync(Ec2Gateway ec2, UndoRecord planned, IReadOnlyList<string> instanceIds, RunId run, string faultId, CancellationToken cancellationToken)
    {
        await ec2.CallAsync(
            "CreateTags",
            (c, ct) => c.CreateTagsAsync(new CreateTagsRequest { Resources = [.. instanceIds], Tags = [new Tag(Ec2ChaosTags.StoppedByRun, run.Value), new Tag(Ec2ChaosTags.Fault, faultId), new Tag(Ec2ChaosTags.Cluster, planned.Cluster)] }, ct),
            cancellationToken).ConfigureAwait(false);
        await ec2.CallAsync("StopInstances", (c, ct) => c.StopInstancesAsync(new StopInstancesRequest { InstanceIds = [.. instanceIds] }, ct), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var ec2 = access.For(AwsConnection.ReadFrom(undo));
        var ids = undo.Data["instanceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (ids.Count == 0)
        {
            return;
        }

        // Only instances that still say this run stopped them: one a person stopped since, or that was never stopped, is left alone.
        var ours = (await ec2.InstancesAsync([new Filter("instance-id", ids)], cancellationToken).ConfigureAwait(false))
            .Where(i => i.Tags.TagValue(Ec2ChaosTags.StoppedByRun) == run.Value)
            .ToList();
        if (ours.Count == 0)
        {
            return;
        }

        while (ours.Any(i => i.State.Name == InstanceStateName.Stopping))
        {
            await Task.Delay(ec2.PollInterval, ec2.Clock, cancellationToken).ConfigureAwait(false);
            ours = (await ec2.InstancesAsync([new Filter("instance-id", ours.Select(i => i.InstanceId).ToList())], cancellationToken).ConfigureAwait(false)).ToList();
        }

        var stopped = ours.Where(i => i.State.Name == InstanceStateName.Stopped).Select(i => i.InstanceId).ToList();
        if (stopped.Count > 0)
        {
            await ec2.CallAsync("StartInstances", (c, ct) => c.StartInstancesAsync(new StartInstancesRequest { InstanceIds = stopped }, ct), cancellationToken).ConfigureAwait(false);
        }

        var live = ours.Where(i => i.State.Name != InstanceStateName.Terminated).Select(i => i.InstanceId).ToList();
        if (live.Count > 0)
        {
            await ec2.CallAsync(
                "DeleteTags",
                (c, ct) => c.DeleteTagsAsync(new DeleteTagsRequest { Resources = live, Tags = [new Tag(Ec2ChaosTags.StoppedByRun), new Tag(Ec2ChaosTags.Fault), new Tag(Ec2ChaosTags.Cluster)] }, ct),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
