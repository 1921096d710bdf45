namespace ChaosHarness.Reporting.Allure;

public sealed record Label(string Name, string Value)
{
    public static Label ParentSuite(string value) => new(LabelNames.ParentSuite, value);
    public static Label Suite(string value) => new(LabelNames.Suite, value);
    public static Label SubSuite(string value) => new(LabelNames.SubSuite, value);
    public static Label Epic(string value) => new(LabelNames.Epic, value);
    public static Label Feature(string value) => new(LabelNames.Feature, value);
    public static Label Story(string value) => new(LabelNames.Story, value);
    public static Label Severity(Severity value) => new(LabelNames.Severity, value.ToString().ToLowerInvariant());
    public static Label Tag(string value) => new(LabelNames.Tag, value);
    public static Label Owner(string value) => new(LabelNames.Owner, value);
}
