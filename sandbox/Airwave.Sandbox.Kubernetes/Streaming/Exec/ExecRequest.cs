using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Streaming.Exec;

/// <summary>What pods/exec (or pods/attach) was asked for: the command, which streams the client attaches, a terminal, the container.</summary>
internal sealed record ExecRequest(IReadOnlyList<string> Command, bool Stdin, bool Stdout, bool Stderr, bool Tty, string? Container)
{
    /// <summary>With a terminal, stderr is the terminal too: there is no stream of its own.</summary>
    public bool SeparateStderr => Stderr && !Tty;

    public static ExecRequest From(IQueryCollection query)
    {
        var command = query["command"].OfType<string>().ToList();
        if (command.Count == 0)
        {
            throw ApiErrors.BadRequest("you must specify at least 1 command");
        }

        return Streams(command, query);
    }

    /// <summary>What pods/attach was asked for: the same, without a command.</summary>
    public static ExecRequest ForAttach(IQueryCollection query) => Streams([], query);

    private static ExecRequest Streams(IReadOnlyList<string> command, IQueryCollection query)
    {
        bool Flag(string key) => RequestOptions.IsTrue(query[key]);
        var request = new ExecRequest(command, Flag("stdin"), Flag("stdout"), Flag("stderr"), Flag("tty"), query["container"].ToString() is { Length: > 0 } container ? container : null);
        return request is { Stdin: false, Stdout: false, Stderr: false }
            ? throw ApiErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr")
            : request;
    }
}
