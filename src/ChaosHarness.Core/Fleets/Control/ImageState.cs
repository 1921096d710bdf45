namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// One entry of the image catalogue: a version (<c>repository:tag</c>) or a whole repository, and its behaviour in the
/// catalogue's words (healthy, crashloop, unready, errors, slowstart, noreconcile).
/// </summary>
public sealed record ImageState(string Image, string Behaviour, double? ErrorPercent, string Description);
