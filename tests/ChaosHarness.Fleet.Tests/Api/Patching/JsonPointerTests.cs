using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

public class JsonPointerTests
{
    [Test]
    public void Empty_pointer_is_the_root()
    {
        Assert.That(JsonPointer.TryParse("", out var pointer), Is.True);
        Assert.That(pointer.IsRoot, Is.True);
    }

    [Test]
    public void Unescapes_tilde_and_slash_in_that_order()
    {
        Assert.That(JsonPointer.TryParse("/metadata/annotations/deployment.kubernetes.io~1revision/~01", out var pointer), Is.True);
        Assert.That(pointer.Tokens, Is.EqualTo(new[] { "metadata", "annotations", "deployment.kubernetes.io/revision", "~1" }));
    }

    [Test]
    public void A_lone_slash_designates_the_empty_member()
    {
        Assert.That(JsonPointer.TryParse("/", out var pointer), Is.True);
        Assert.That(pointer.Tokens, Is.EqualTo(new[] { "" }));
    }

    [TestCase("spec")]
    [TestCase("/a~2b")]
    [TestCase("/a~")]
    public void Rejects_malformed_pointers(string text) => Assert.That(JsonPointer.TryParse(text, out _), Is.False);

    [Test]
    public void Escape_is_the_inverse_of_parsing()
    {
        var token = "kubernetes.io/~weird";
        Assert.That(JsonPointer.TryParse("/" + JsonPointer.Escape(token), out var pointer), Is.True);
        Assert.That(pointer.Tokens.Single(), Is.EqualTo(token));
    }

    [Test]
    public void Knows_proper_prefixes()
    {
        JsonPointer.TryParse("/a/b", out var parent);
        JsonPointer.TryParse("/a/b/c", out var child);
        JsonPointer.TryParse("/a/bc", out var sibling);
        Assert.That(parent.IsProperPrefixOf(child), Is.True);
        Assert.That(parent.IsProperPrefixOf(parent), Is.False);
        Assert.That(parent.IsProperPrefixOf(sibling), Is.False);
        Assert.That(JsonPointer.Root.IsProperPrefixOf(parent), Is.True);
    }
}
