namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>The special keys of a strategic merge patch.</summary>
internal static class StrategicMergeDirectives
{
    /// <summary><c>$patch: delete|replace|merge</c> in a map or a list element.</summary>
    public const string Patch = "$patch";

    public const string Delete = "delete";
    public const string Replace = "replace";
    public const string Merge = "merge";

    /// <summary>The only keys the patched map keeps (besides those the patch sets).</summary>
    public const string RetainKeys = "$retainKeys";

    /// <summary><c>$setElementOrder/&lt;field&gt;</c>: the wanted order of the merged list <c>field</c>.</summary>
    public const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary><c>$deleteFromPrimitiveList/&lt;field&gt;</c>: values to remove from the merged primitive list <c>field</c>.</summary>
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
}
