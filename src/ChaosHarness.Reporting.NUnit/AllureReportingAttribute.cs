using ChaosHarness.Reporting.Lifecycle;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ChaosHarness.Reporting.NUnit;

/// <summary>
/// Writes an Allure result for every test of the assembly: <c>[assembly: AllureReporting]</c>. Results go to
/// <c>ALLURE_RESULTS_DIRECTORY</c>, or <c>reports/allure-results</c> under the repository root. Ignored tests, which
/// NUnit runs no hooks for, are reported as skipped when the assembly finishes.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class AllureReportingAttribute : Attribute, ITestAction
{
    private static readonly Lock SessionGate = new();
    private static NUnitReportingSession? s_session;

    public ActionTargets Targets => ActionTargets.Test | ActionTargets.Suite;

    public void BeforeTest(ITest test)
    {
        if (!test.IsSuite)
        {
            Session().TestStarting(test);
        }
    }

    public void AfterTest(ITest test)
    {
        var session = Session();
        if (!test.IsSuite)
        {
            session.TestFinished(test);
        }
        else if (NUnitTestCases.IsAssembly(test))
        {
            session.AssemblyFinished(TestExecutionContext.CurrentContext.CurrentResult);
        }
        else if (NUnitTestCases.IsFixture(test))
        {
            session.FixtureFinished(test);
        }
    }

    /// <summary>The session on <see cref="Report.Lifecycle"/>; a new one if the harness swapped the lifecycle.</summary>
    private static NUnitReportingSession Session()
    {
        var lifecycle = Report.Lifecycle;
        lock (SessionGate)
        {
            if (s_session is null || !ReferenceEquals(s_session.Lifecycle, lifecycle))
            {
                s_session = new NUnitReportingSession(lifecycle);
            }

            return s_session;
        }
    }
}
