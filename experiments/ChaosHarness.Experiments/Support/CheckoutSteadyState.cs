using ChaosHarness.Core.SteadyState;

namespace ChaosHarness.Experiments.Support;

/// <summary>The demo app in the cluster an experiment works on, once its steady state held: what the runbook goes on from.</summary>
internal sealed record CheckoutSteadyState(string Cluster, CheckoutApp Checkout, SteadyStateHypothesis Hypothesis, DateTimeOffset At);
