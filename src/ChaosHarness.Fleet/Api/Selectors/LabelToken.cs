namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>A lexical token of the label selector syntax, with the text it was read from.</summary>
internal readonly record struct LabelToken(LabelTokenKind Kind, string Literal);

internal enum LabelTokenKind
{
    EndOfString,
    Identifier,
    In,
    NotIn,
    OpenParenthesis,
    CloseParenthesis,
    Comma,
    Not,
    Equals,
    DoubleEquals,
    NotEquals,
    GreaterThan,
    LessThan,
}
