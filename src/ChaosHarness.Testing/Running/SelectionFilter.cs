using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ChaosHarness.Testing.Running;

/// <summary>NUnit's view of a <see cref="SuiteSelection"/>: matches test cases; suites pass when a descendant does.</summary>
internal sealed class SelectionFilter(SuiteSelection selection) : TestFilter
{
    public override bool Match(ITest test)
        => !test.IsSuite && selection.Selects(test.FullName, test.ClassName ?? string.Empty, Categories(test));

    public override TNode AddToXml(TNode parentNode, bool recursive)
        => parentNode.AddElement("filter", selection.ToString());

    internal static IReadOnlyList<string> Categories(ITest test)
    {
        var categories = new List<string>();
        for (var t = test; t is not null; t = t.Parent)
        {
            foreach (var category in t.Properties[PropertyNames.Category].OfType<string>())
            {
                if (!categories.Contains(category))
                {
                    categories.Add(category);
                }
            }
        }

        return categories;
    }
}
