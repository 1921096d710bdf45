namespace ChaosHarness.Reporting.Annotations;

/// <param name="type">"link", "issue" or "tms".</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class LinkAttribute(string name, string url, string type = "link") : Attribute
{
    public string Name { get; } = name;
    public string Url { get; } = url;
    public string Type { get; } = type;
}
