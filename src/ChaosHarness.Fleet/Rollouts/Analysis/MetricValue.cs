using System.Globalization;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>A value in a success or failure condition: a number, a boolean, a vector of samples (a query's result), or nil.</summary>
public abstract record MetricValue
{
    public sealed record Number(double Value) : MetricValue
    {
        public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    public sealed record Boolean(bool Value) : MetricValue
    {
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>Samples, as a Prometheus instant query returns them; empty when the query matched nothing.</summary>
    public sealed record Vector(IReadOnlyList<double> Samples) : MetricValue
    {
        public override string ToString() => "[" + string.Join(",", Samples.Select(s => s.ToString("R", CultureInfo.InvariantCulture))) + "]";
    }

    public sealed record Nil : MetricValue
    {
        public override string ToString() => "<nil>";
    }

    /// <summary>Go's name for the type, as expr's error messages spell it.</summary>
    public string GoType => this switch
    {
        Number => "float64",
        Boolean => "bool",
        Vector => "[]float64",
        _ => "nil",
    };
}
