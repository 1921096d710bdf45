using System.Globalization;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// The subset of expr (github.com/expr-lang/expr) that real AnalysisTemplate conditions use, evaluated over <c>result</c>:
/// numbers, <c>true</c>/<c>false</c>/<c>nil</c>, comparisons, <c>&amp;&amp;</c> <c>||</c> <c>!</c> (and <c>and</c> <c>or</c>
/// <c>not</c>), arithmetic, parentheses, indexing (<c>result[0]</c>) and the functions Argo adds: <c>len</c>, <c>isNaN</c>,
/// <c>isInf</c>, <c>asFloat</c>, <c>asInt</c>, <c>isNil</c>, <c>default</c>. As a convenience a one-sample vector compares
/// as its sample, so <c>result &gt;= 0.99</c> works on a vector result too; an empty one does not.
/// </summary>
public static class ConditionExpression
{
    public static bool Evaluate(string condition, MetricValue result)
    {
        var parser = new Parser(condition, result);
        var value = parser.ParseAll();
        return value is MetricValue.Boolean b ? b.Value : throw new ConditionException($"expected bool, but got {value.GoType}");
    }

    private sealed class Parser(string text, MetricValue result)
    {
        private int _position;

        public MetricValue ParseAll()
        {
            var value = Or(evaluate: true);
            SkipSpaces();
            if (_position < text.Length) throw new ConditionException($"unexpected token {Quote(text[_position..])} (1:{_position + 1})");
            return value;
        }

        private MetricValue Or(bool evaluate)
        {
            var left = And(evaluate);
            while (Accept("||") || AcceptWord("or"))
            {
                var leftTrue = evaluate && Truth(left, "||");
                var right = And(evaluate && !leftTrue);
                if (evaluate) left = new MetricValue.Boolean(leftTrue || Truth(right, "||"));
            }

            return left;
        }

        private MetricValue And(bool evaluate)
        {
            var left = Not(evaluate);
            while (Accept("&&") || AcceptWord("and"))
            {
                var leftTrue = evaluate && Truth(left, "&&");
                var right = Not(evaluate && leftTrue);
                if (evaluate) left = new MetricValue.Boolean(leftTrue && Truth(right, "&&"));
            }

            return left;
        }

        private MetricValue Not(bool evaluate)
        {
            if (Accept("!") || AcceptWord("not"))
            {
                var operand = Not(evaluate);
                return evaluate ? new MetricValue.Boolean(!Truth(operand, "!")) : operand;
            }

            return Comparison(evaluate);
        }

        private MetricValue Comparison(bool evaluate)
        {
            var left = Sum(evaluate);
            foreach (var op in (string[])["==", "!=", "<=", ">=", "<", ">"])
            {
                if (!Accept(op)) continue;
                var right = Sum(evaluate);
                return evaluate ? Compare(op, left, right) : left;
            }

            return left;
        }

        private MetricValue Sum(bool evaluate)
        {
            var left = Product(evaluate);
            while (true)
            {
                var op = Accept("+") ? "+" : Accept("-") ? "-" : null;
                if (op is null) return left;
                var right = Product(evaluate);
                if (evaluate) left = Arithmetic(op, left, right);
            }
        }

        private MetricValue Product(bool evaluate)
        {
            var left = Unary(evaluate);
            while (true)
            {
                var op = Accept("*") ? "*" : Accept("/") ? "/" : Accept("%") ? "%" : null;
                if (op is null) return left;
                var right = Unary(evaluate);
                if (evaluate) left = Arithmetic(op, left, right);
            }
        }

        private MetricValue Unary(bool evaluate)
        {
            if (Accept("-"))
            {
                var operand = Unary(evaluate);
                return evaluate ? new MetricValue.Number(-Scalar(operand, "-")) : operand;
            }

            return Postfix(evaluate);
        }

        private MetricValue Postfix(bool evaluate)
        {
            var value = Primary(evaluate);
            while (Accept("["))
            {
                var index = Or(evaluate);
                Expect("]");
                if (evaluate) value = Index(value, index);
            }

            return value;
        }

        private MetricValue Primary(bool evaluate)
        {
            SkipSpaces();
            if (Accept("("))
            {
                var inner = Or(evaluate);
                Expect(")");
                return inner;
            }

            if (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] == '.')) return NumberLiteral();
            var name = Identifier() ?? throw new ConditionException(_position < text.Length
                ? $"unexpected token {Quote(text[_position].ToString())} (1:{_position + 1})"
                : "unexpected end of expression");
            switch (name)
            {
                case "true": return new MetricValue.Boolean(true);
                case "false": return new MetricValue.Boolean(false);
                case "nil": return new MetricValue.Nil();
                case "result": return result;
            }

            if (!Accept("(")) throw new ConditionException($"unknown name {name} (1:{_position - name.Length + 1})");
            var arguments = new List<MetricValue>();
            if (!Accept(")"))
            {
                do arguments.Add(Or(evaluate));
                while (Accept(","));
                Expect(")");
            }

            return evaluate ? Call(name, arguments) : new MetricValue.Nil();
        }

        private MetricValue Call(string name, List<MetricValue> arguments)
        {
            MetricValue Only() => arguments.Count == 1 ? arguments[0] : throw new ConditionException($"invalid number of arguments for {name} (expected 1, got {arguments.Count})");
            return name switch
            {
                "len" => Only() switch
                {
                    MetricValue.Vector v => new MetricValue.Number(v.Samples.Count),
                    var other => throw new ConditionException($"invalid argument for len (type {other.GoType})"),
                },
                "isNaN" => new MetricValue.Boolean(double.IsNaN(Scalar(Only(), name))),
                "isInf" => new MetricValue.Boolean(double.IsInfinity(Scalar(Only(), name))),
                "asFloat" => new MetricValue.Number(Scalar(Only(), name)),
                "asInt" => new MetricValue.Number(Math.Truncate(Scalar(Only(), name))),
                "isNil" => new MetricValue.Boolean(result is MetricValue.Nil),
                "default" => arguments.Count == 2
                    ? result is MetricValue.Nil ? arguments[1] : result
                    : throw new ConditionException($"invalid number of arguments for default (expected 2, got {arguments.Count})"),
                _ => throw new ConditionException($"unknown func {name}"),
            };
        }

        private static MetricValue Index(MetricValue value, MetricValue index)
        {
            if (value is not MetricValue.Vector vector) throw new ConditionException($"cannot fetch {index} from {value.GoType}");
            var i = (int)Scalar(index, "[]");
            if (i < 0) i += vector.Samples.Count;
            if (i < 0 || i >= vector.Samples.Count) throw new ConditionException($"index out of range: {i} (array length {vector.Samples.Count})");
            return new MetricValue.Number(vector.Samples[i]);
        }

        private static MetricValue Compare(string op, MetricValue left, MetricValue right)
        {
            left = Unwrapped(left);
            right = Unwrapped(right);
            if (left is MetricValue.Number a && right is MetricValue.Number b)
            {
                return new MetricValue.Boolean(op switch
                {
                    "==" => a.Value == b.Value,
                    "!=" => a.Value != b.Value,
                    "<" => a.Value < b.Value,
                    "<=" => a.Value <= b.Value,
                    ">" => a.Value > b.Value,
                    _ => a.Value >= b.Value,
                });
            }

            if (op is "==" or "!=" && left.GetType() == right.GetType())
            {
                return new MetricValue.Boolean(op == "==" ? Equals(left, right) : !Equals(left, right));
            }

            if (op is "==" or "!=" && (left is MetricValue.Nil || right is MetricValue.Nil))
            {
                return new MetricValue.Boolean(op == "!=");
            }

            throw new ConditionException($"invalid operation: {op} (mismatched types {left.GoType} and {right.GoType})");
        }

        private static MetricValue Arithmetic(string op, MetricValue left, MetricValue right)
        {
            var a = Scalar(left, op);
            var b = Scalar(right, op);
            return new MetricValue.Number(op switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => a / b,
                _ => a % b,
            });
        }

        private static MetricValue Unwrapped(MetricValue value) => value is MetricValue.Vector { Samples.Count: 1 } v ? new MetricValue.Number(v.Samples[0]) : value;

        private static double Scalar(MetricValue value, string op) => Unwrapped(value) switch
        {
            MetricValue.Number n => n.Value,
            var other => throw new ConditionException($"invalid operation: {op} (mismatched types {other.GoType} and float64)"),
        };

        private static bool Truth(MetricValue value, string op) => value is MetricValue.Boolean b
            ? b.Value
            : throw new ConditionException($"invalid operation: {op} (mismatched types {value.GoType} and bool)");

        private MetricValue NumberLiteral()
        {
            var start = _position;
            while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] is '.' or 'e' or 'E' ||
                (text[_position] is '+' or '-' && _position > start && text[_position - 1] is 'e' or 'E')))
            {
                _position++;
            }

            var literal = text[start.._position].Replace("_", "", StringComparison.Ordinal);
            return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new MetricValue.Number(number)
                : throw new ConditionException($"invalid number {literal} (1:{start + 1})");
        }

        private string? Identifier()
        {
            SkipSpaces();
            var start = _position;
            while (_position < text.Length && (char.IsLetterOrDigit(text[_position]) || text[_position] == '_')) _position++;
            return _position > start ? text[start.._position] : null;
        }

        private bool Accept(string token)
        {
            SkipSpaces();
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) != 0) return false;
            _position += token.Length;
            return true;
        }

        private bool AcceptWord(string word)
        {
            SkipSpaces();
            var end = _position + word.Length;
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) != 0) return false;
            if (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) return false;
            _position = end;
            return true;
        }

        private void Expect(string token)
        {
            if (!Accept(token)) throw new ConditionException($"expected {Quote(token)} (1:{_position + 1})");
        }

        private void SkipSpaces()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position])) _position++;
        }

        private static string Quote(string token) => $"'{token}'";
    }
}
