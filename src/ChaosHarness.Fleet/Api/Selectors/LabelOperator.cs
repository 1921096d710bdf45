namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// How a label requirement relates a key to its values. <c>==</c> is read as <see cref="Equals"/>;
/// <see cref="GreaterThan"/> and <see cref="LessThan"/> (<c>gt</c>, <c>lt</c>) compare integer label values.
/// </summary>
public enum LabelOperator { Equals, NotEquals, In, NotIn, Exists, DoesNotExist, GreaterThan, LessThan }
