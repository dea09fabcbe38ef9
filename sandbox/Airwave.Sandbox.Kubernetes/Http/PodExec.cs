using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Pods;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Http;

/// <summary>
/// pods/{name}/exec over WebSocket, as kubectl 1.30+ and the official clients speak it: subprotocol
/// v5.channel.k8s.io (else v4.channel.k8s.io), each message a channel byte and its data: 0 stdin from the client,
/// 1 stdout, 2 stderr, 3 the command's end as a Status (its exit code in a NonZeroExitCode cause), 4 terminal
/// resizes, and in v5 255 to close a channel (stdin's end). A command runs as the container's processes do; with
/// tty it gets no terminal here, its stderr joining stdout as on one. Requests that are not a WebSocket upgrade
/// (SPDY) are refused with 400, so clients that can fall back to WebSocket do.
/// </summary>
internal static class PodExec
{
    private const byte StdinChannel = 0;
    private const byte StdoutChannel = 1;
    private const byte StderrChannel = 2;
    private const byte ErrorChannel = 3;
    private const byte CloseChannel = 255;
    private const int MaxMessageBytes = 1 << 20;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);
    private const string V5 = "v5.channel.k8s.io";
    private const string V4 = "v4.channel.k8s.io";

    public static async Task HandleAsync(HttpContext http, Kubelet kubelet, string ns, string name)
    {
        var query = http.Request.Query;
        var command = query["command"].OfType<string>().ToList();
        if (command.Count == 0)
        {
            throw ApiErrors.BadRequest("you must specify at least 1 command");
        }

        bool Flag(string key) => RequestOptions.IsTrue(query[key]);
        var (stdin, stdout, stderr, tty) = (Flag("stdin"), Flag("stdout"), Flag("stderr"), Flag("tty"));
        if (!stdin && !stdout && !stderr)
        {
            throw ApiErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw ApiErrors.BadRequest($"Upgrade request required: this server streams exec over WebSocket ({V5} or {V4}) only");
        }

        var requested = http.WebSockets.WebSocketRequestedProtocols;
        var protocol = requested.Contains(V5) ? V5 : requested.Contains(V4) ? V4
            : throw ApiErrors.BadRequest($"none of the WebSocket subprotocols asked for ({string.Join(", ", requested)}) is served: use {V5} or {V4}");
        var start = kubelet.ExecStart(ns, name, query["container"].ToString() is { Length: > 0 } container ? container : null, command);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = protocol });
        using var session = new Session(socket, stdin, stdout ? StdoutChannel : null, tty ? (stdout ? StdoutChannel : null) : stderr ? StderrChannel : null);
        await session.RunAsync(start, command[0], http.RequestAborted);
    }

    private sealed class Session(WebSocket socket, bool stdin, byte? stdoutChannel, byte? stderrChannel) : IDisposable
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public void Dispose() => _sending.Dispose();

        public async Task RunAsync(ProcessStartInfo start, string executable, CancellationToken aborted)
        {
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new Win32Exception("the command did not start");
            }
            catch (Win32Exception e)
            {
                await EndAsync(Failure("InternalError", $"error executing command in container: exec: \"{executable}\": {e.Message}", null), aborted);
                return;
            }

            using (process)
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted))
            {
                if (!stdin)
                {
                    process.StandardInput.Close();
                }

                var reading = ReadAsync(process, stop.Token);
                var pumps = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream, stdoutChannel, aborted), PumpAsync(process.StandardError.BaseStream, stderrChannel, aborted));
                try
                {
                    await process.WaitForExitAsync(aborted);
                    await pumps;
                }
                catch (OperationCanceledException)
                {
                    // The client went away: so does the command.
                    process.Kill(entireProcessTree: true);
                    return;
                }

                await EndAsync(process.ExitCode == 0 ? Success() : Failure("NonZeroExitCode", $"command terminated with non-zero exit code: exit status {process.ExitCode}", process.ExitCode), aborted);
                try
                {
                    // The client answers the close once it has read everything; giving up on it sooner resets the connection.
                    await reading.WaitAsync(CloseWait, aborted);
                }
                catch (Exception e) when (e is TimeoutException or OperationCanceledException)
                {
                    await stop.CancelAsync();
                    await reading;
                }
            }
        }

        /// <summary>The client's messages: stdin's data, its end (v5's close of channel 0, or the socket's), resizes (no terminal here).</summary>
        private async Task ReadAsync(Process process, CancellationToken ct)
        {
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
                {
                    var received = await socket.ReceiveAsync(buffer, ct);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        CloseStdin(process);
                        return;
                    }

                    message.Write(buffer, 0, received.Count);
                    if (message.Length > MaxMessageBytes)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MaxMessageBytes} bytes", ct);
                        return;
                    }

                    if (!received.EndOfMessage)
                    {
                        continue;
                    }

                    var data = message.ToArray();
                    message.SetLength(0);
                    if (data.Length > 0 && data[0] == StdinChannel && stdin && data.Length > 1)
                    {
                        await process.StandardInput.BaseStream.WriteAsync(data.AsMemory(1), ct);
                        await process.StandardInput.BaseStream.FlushAsync(ct);
                    }
                    else if (data is [CloseChannel, StdinChannel, ..])
                    {
                        CloseStdin(process);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or InvalidOperationException)
            {
                // The command ended or the client went away; either way there is no more stdin to pass on.
            }
        }

        private static void CloseStdin(Process process)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command has already ended.
            }
        }

        private async Task PumpAsync(Stream output, byte? channel, CancellationToken ct)
        {
            var buffer = new byte[32 * 1024];
            int read;
            while ((read = await output.ReadAsync(buffer.AsMemory(1), ct)) > 0)
            {
                if (channel is { } id)
                {
                    buffer[0] = id;
                    await SendAsync(buffer.AsMemory(0, read + 1), ct);
                }
            }
        }

        private async Task EndAsync(JsonObject status, CancellationToken ct)
        {
            await SendAsync((byte[])[ErrorChannel, .. System.Text.Encoding.UTF8.GetBytes(status.ToJsonString())], ct);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, ct);
        }

        private async Task SendAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
        {
            await _sending.WaitAsync(ct);
            try
            {
                await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, ct);
            }
            finally
            {
                _sending.Release();
            }
        }

        private static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

        private static JsonObject Failure(string reason, string message, int? exitCode)
        {
            var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason };
            if (exitCode is { } code)
            {
                status["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(CultureInfo.InvariantCulture) }) };
            }

            return status;
        }
    }
}
