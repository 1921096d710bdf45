using System.Globalization;

namespace ChaosHarness.Fleet.Images;

/// <summary>
/// The behaviours a tag names by its suffix, so that a bad version can be made without editing the catalogue:
/// <c>-crashloop</c>, <c>-unready</c>, <c>-errorsNN</c> (NN % of requests fail), <c>-slowstart</c>, <c>-noreconcile</c>.
/// <c>shop/checkout:v2-errors30</c> fails 30 % of its requests. A tag that is only the word (<c>:crashloop</c>) counts too.
/// </summary>
public static class TagSuffix
{
    public const string CrashLoop = "crashloop";
    public const string Unready = "unready";
    public const string Errors = "errors";
    public const string SlowStart = "slowstart";
    public const string NoReconcile = "noreconcile";

    /// <summary>The behaviour <paramref name="tag"/>'s suffix names, or null when it names none.</summary>
    public static ImageBehaviour? BehaviourOf(string tag)
    {
        var dash = tag.LastIndexOf('-');
        var word = dash >= 0 ? tag[(dash + 1)..] : tag;
        switch (word)
        {
            case CrashLoop: return ImageBehaviour.CrashLoop;
            case Unready: return ImageBehaviour.NeverReady;
            case SlowStart: return ImageBehaviour.SlowStart;
            case NoReconcile: return ImageBehaviour.NotReconciling;
        }

        if (word.Length > Errors.Length && word.StartsWith(Errors, StringComparison.Ordinal) &&
            int.TryParse(word.AsSpan(Errors.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100)
        {
            return ImageBehaviour.FailingRequests(percent);
        }

        return null;
    }
}
