using System.Text.RegularExpressions;
using Cel;

namespace Airwave.Sandbox.Kubernetes.Admission.Policies;

/// <summary>One CEL expression of a policy, compiled once.</summary>
internal sealed partial class CelExpression
{
    // The library's environment parses and binds functions; it is not documented as safe to share across threads
    // while compiling, so compiling takes turns (evaluating a compiled program does not touch it).
    private static readonly CelEnvironment Environment = new(null, null);
    private static readonly Lock Compiling = new();

    private readonly CelProgramDelegate _program;

    private CelExpression(string text, CelProgramDelegate program)
    {
        Text = text;
        _program = program;
    }

    public string Text { get; }

    /// <summary>The compiled expression; throws <see cref="CelException"/> with the parser's message when it does not parse.</summary>
    public static CelExpression Compile(string text)
    {
        lock (Compiling)
        {
            return new CelExpression(text, Environment.Compile(PresenceAsMembership(text)));
        }
    }

    /// <summary>
    /// has(x.f) as 'f' in x. The Cel package's has() calls a present but empty map, list or string absent, as protobuf
    /// does for its fields; in Kubernetes objects, which are JSON, has() asks only whether the field is there, and
    /// `emptyDir: {}` is there.
    /// </summary>
    private static string PresenceAsMembership(string text) =>
        HasMacro().Replace(text, m => $"('{m.Groups["field"].Value}' in {m.Groups["target"].Value})");

    [GeneratedRegex(@"\bhas\(\s*(?<target>[^()]+?)\.(?<field>[A-Za-z_][A-Za-z0-9_]*)\s*\)")]
    private static partial Regex HasMacro();

    /// <summary>The expression's value, or the error a CEL runtime error (a missing field, no such overload) becomes.</summary>
    public object? Evaluate(IDictionary<string, object?> variables)
    {
        try
        {
            return _program(variables);
        }
        catch (Exception e) when (e is CelException or InvalidCastException or KeyNotFoundException or NullReferenceException)
        {
            throw new CelEvaluationException(e.Message, e);
        }
    }
}

/// <summary>An expression that could not be evaluated against this request.</summary>
internal sealed class CelEvaluationException(string message, Exception inner) : Exception(message, inner);
