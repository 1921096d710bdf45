namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>One column of a Table, as <c>columnDefinitions</c> lists it. Priority 0 shows by default; 1 only with <c>-o wide</c>.</summary>
internal sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn NameColumn { get; } =
        new("Name", "string", "Name must be unique within a namespace. Cannot be updated.", Format: "name");

    public static TableColumn Age { get; } =
        new("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static TableColumn Text(string name, string description, int priority = 0) => new(name, "string", description, priority);

    public static TableColumn Integer(string name, string description, int priority = 0) => new(name, "integer", description, priority);
}
