using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// The workload runs <see cref="Image"/> — a container of its pod template has it and its rollout is complete (every
/// replica updated and available) — within the deadline. "The upgrade is rolled back": the controller runs its previous
/// version again; "the upgrade went through": it runs the new one.
/// </summary>
public sealed class RunsImage(ObjectRef workload, string image, TimeSpan within) : Expectation
{
    public ObjectRef Workload { get; } = workload;

    public string Image { get; } = image;

    public override string Name => $"RunsImage({Workload}, {Image}, within {Seconds(within)})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => [Workload.Kind];

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var current = context.State.Get(Workload);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Workload.Display} not seen in {Workload.Cluster}");
        }

        var images = current.Body.Objects("spec.template.spec.containers").Select(c => c.Str("image")).OfType<string>().ToList();
        var progress = RolloutProgress.Of(Workload.Kind, current.Body);
        var seen = $"image {(images.Count == 0 ? "(none)" : string.Join(", ", images))}, {progress.Display}";
        return images.Contains(Image) && progress.Completed ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
