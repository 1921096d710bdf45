using System.Buffers.Binary;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Charts;

namespace ChaosHarness.Reporting.Tests;

public sealed class ChartRendererTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Test]
    public void RendersAPngOfTheAskedSize()
    {
        var png = ChartRenderer.RenderPng(GameDayRun.CanaryChart(Start) with { Width = 900, Height = 380 });

        // Kept where a person can look at it after the run.
        var keep = Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "reports", "charts", "canary-weight.png");
        Directory.CreateDirectory(Path.GetDirectoryName(keep)!);
        File.WriteAllBytes(keep, png);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature));
            Assert.That(System.Text.Encoding.ASCII.GetString(png, 12, 4), Is.EqualTo("IHDR"));
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), Is.EqualTo(900), "width");
            Assert.That(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), Is.EqualTo(380), "height");
            Assert.That(png, Has.Length.GreaterThan(10_000), "a blank image compresses to far less");
        }
    }

    [Test]
    public void TrafficShareByRegionWithSuccessRateOnTheRightAxis()
    {
        var chart = new ChartDefinition
        {
            Title = "Traffic share by region",
            LeftAxisLabel = "share %",
            RightAxisLabel = "success %",
            LeftAxisRange = (0, 100),
            RightAxisRange = (80, 100),
            Series =
            [
                new TimeSeries("eu-west-1", [.. Enumerable.Range(0, 60).Select(i => new TimePoint(Start.AddSeconds(i), i < 20 ? 50 : Math.Max(0, 50 - (i - 20) * 5)))]),
                new TimeSeries("us-east-1", [.. Enumerable.Range(0, 60).Select(i => new TimePoint(Start.AddSeconds(i), i < 20 ? 50 : Math.Min(100, 50 + (i - 20) * 5)))]),
                new TimeSeries("success", [.. Enumerable.Range(0, 60).Select(i => new TimePoint(Start.AddSeconds(i), i is >= 20 and < 30 ? 91 : 99.5))], OnRightAxis: true),
            ],
            Intervals = [new ShadedInterval("region eu-west-1 down", Start.AddSeconds(20), Start.AddSeconds(50))],
        };

        var png = ChartRenderer.RenderPng(chart);

        Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(PngSignature));
    }

    [Test]
    public void RefusesASizeNoOneCouldRead() =>
        Assert.That(() => ChartRenderer.RenderPng(GameDayRun.CanaryChart(Start) with { Width = 10 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
