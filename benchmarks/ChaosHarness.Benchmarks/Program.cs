using ChaosHarness.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/ChaosHarness.Benchmarks -- [benchmark name ...]
IBenchmark[] all =
[
    new ListWatchThroughputBenchmark(),
    new ClockFactorBenchmark(),
    new FleetScaleBenchmark(),
    new TrafficEndpointBenchmark(),
    new HarnessLatencyBenchmark(),
    new SuiteBenchmark(),
];

var chosen = args.Length == 0 ? all : all.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
if (chosen.Length == 0)
{
    Console.Error.WriteLine($"No benchmark named {string.Join(", ", args)}; there are: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
foreach (var benchmark in chosen)
{
    Console.WriteLine($"## {benchmark.Name} (goal: {benchmark.Goal})");
    foreach (var figure in await benchmark.RunAsync(cancel.Token)) Console.WriteLine($"- {figure}");
}

return 0;
