using System.CommandLine;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>The options that choose a suite and its fleet, shared by <c>gameday</c> and <c>plan</c>.</summary>
internal sealed class SuiteOptions
{
    public Option<string[]> Category { get; } = new("--category")
    {
        Description = "Run only experiments of this NUnit category (repeatable; e.g. Smoke, Nightly, Staging).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Filter { get; } = new("--filter")
    {
        Description = "Run only experiments whose full name contains this text (e.g. ZoneLoss).",
    };

    public Option<string?> Fleet { get; } = new("--fleet")
    {
        Description = "A fleet file or a running embedded fleet's fleet.json (default: $CHAOS_FLEET; without either, an embedded fleet is started in this process).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Category);
        command.Options.Add(Filter);
        command.Options.Add(Fleet);
    }

    public SuiteSelection Selection(ParseResult parsed) => new()
    {
        Categories = [.. parsed.GetValue(Category) ?? []],
        Filter = parsed.GetValue(Filter),
    };

    public string? FleetPath(ParseResult parsed)
        => parsed.GetValue(Fleet) is { Length: > 0 } named ? named
            : Environment.GetEnvironmentVariable(Testing.ChaosRun.FleetVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : null;
}
