namespace ChaosHarness.Benchmarks;

/// <summary>One measurement the issues ask for. Prints its figures; asserts nothing.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Goal { get; }

    Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken);
}
