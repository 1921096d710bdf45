using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>One run of the suite as a command asked for it.</summary>
/// <param name="Command">"gameday" or "plan", for messages.</param>
/// <param name="FleetPath">A fleet file or fleet.json; null starts an embedded fleet in this process.</param>
/// <param name="DryRun">The plan: every experiment reads the fleet and prints what it would do, changing nothing.</param>
/// <param name="WriteReport">Write Allure results into reports/allure-results and make the report (gameday); the plan leaves them alone.</param>
/// <param name="SingleFile">Also write the one-file report.</param>
internal sealed record SuiteRequest(string Command, SuiteSelection Selection, string? FleetPath, bool DryRun, bool WriteReport, bool SingleFile);
