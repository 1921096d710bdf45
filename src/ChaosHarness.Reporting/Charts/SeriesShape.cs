namespace ChaosHarness.Reporting.Charts;

public enum SeriesShape
{
    /// <summary>Straight lines between samples: rates, shares.</summary>
    Line,

    /// <summary>Holds each value until the next one: weights, steps, replica counts that change at moments.</summary>
    Steps,
}
