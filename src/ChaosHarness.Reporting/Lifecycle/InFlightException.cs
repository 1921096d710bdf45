using System.Runtime.InteropServices;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>
/// Lets a <c>using</c> scope tell, when it is disposed, whether an exception is leaving it — which C# does not say.
/// The runtime knows whether an exception is being dispatched on this thread; the exception itself is the last one
/// thrown on this thread, which a first-chance handler remembers. A scope opened inside a catch block notes that
/// exception at its start, so it is not taken for one leaving the scope.
/// </summary>
internal static class InFlightException
{
    [ThreadStatic]
    private static Exception? t_lastThrown;

    static InFlightException()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) => t_lastThrown = e.Exception;
    }

    public static nint Marker() => Marshal.GetExceptionPointers();

    /// <summary>The exception leaving the scope opened at <paramref name="markerAtStart"/>, or null when it ends normally.</summary>
    public static Exception? Leaving(nint markerAtStart)
    {
        var now = Marshal.GetExceptionPointers();
        if (now == 0 || now == markerAtStart)
        {
            return null;
        }

        return t_lastThrown ?? new InvalidOperationException("An exception left the step, but which one was not seen.");
    }
}
