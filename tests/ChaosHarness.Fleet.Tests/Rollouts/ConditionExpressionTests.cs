using ChaosHarness.Fleet.Rollouts.Analysis;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class ConditionExpressionTests
{
    private static MetricValue Vector(params double[] samples) => new MetricValue.Vector(samples);

    [TestCase("result[0] >= 0.95", 0.97, true)]
    [TestCase("result[0] >= 0.95", 0.90, false)]
    [TestCase("result >= 0.99", 0.995, true)]
    [TestCase("result < 0.5", 0.4, true)]
    [TestCase("result[0] <= 0.05 && result[0] >= 0", 0.01, true)]
    [TestCase("result[0] > 0.9 || result[0] == 0", 0, true)]
    [TestCase("!(result[0] < 0.9)", 0.95, true)]
    [TestCase("not (result[0] < 0.9) and true", 0.95, true)]
    [TestCase("result[0] * 100 >= 95", 0.96, true)]
    [TestCase("isNaN(result[0]) || result[0] >= 0.95", double.NaN, true)]
    [TestCase("result[0] >= 0.95", double.NaN, false)]
    [TestCase("len(result) == 1", 0.5, true)]
    [TestCase("asInt(result[0]) == 3", 3.7, true)]
    [TestCase("result[-1] == 2", 2, true)]
    public void Conditions_over_a_one_sample_result(string condition, double sample, bool expected) =>
        Assert.That(ConditionExpression.Evaluate(condition, Vector(sample)), Is.EqualTo(expected));

    [TestCase("result[0] >= 0.95", "index out of range: 0 (array length 0)")]
    [TestCase("result >= 0.95", "invalid operation: >= (mismatched types []float64 and float64)")]
    [TestCase("result[0]", "index out of range: 0 (array length 0)")]
    public void An_empty_result_cannot_be_compared(string condition, string error)
    {
        var e = Assert.Throws<ConditionException>(() => ConditionExpression.Evaluate(condition, Vector()));
        Assert.That(e!.Message, Is.EqualTo(error));
    }

    [Test]
    public void A_condition_must_be_boolean_and_well_formed()
    {
        Assert.That(Assert.Throws<ConditionException>(() => ConditionExpression.Evaluate("result[0]", Vector(1)))!.Message,
            Is.EqualTo("expected bool, but got float64"));
        Assert.That(Assert.Throws<ConditionException>(() => ConditionExpression.Evaluate("result[0] >=", Vector(1)))!.Message,
            Is.EqualTo("unexpected end of expression"));
        Assert.That(Assert.Throws<ConditionException>(() => ConditionExpression.Evaluate("foo > 1", Vector(1)))!.Message,
            Does.StartWith("unknown name foo"));
        Assert.That(ConditionExpression.Evaluate("len(result) == 0 || result[0] > 1", Vector()), Is.True, "|| does not evaluate its right side when the left holds");
        Assert.That(ConditionExpression.Evaluate("default(result, 0) == 0", new MetricValue.Nil()), Is.True);
        Assert.That(ConditionExpression.Evaluate("isNil(result)", new MetricValue.Nil()), Is.True);
        Assert.That(ConditionExpression.Evaluate("result == 3", new MetricValue.Number(3)), Is.True);
    }
}
