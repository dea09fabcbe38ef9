using System.CommandLine;
using Airwave.Sandbox;

var kubePort = new Option<int>("--kube-port")
{
    Description = "Port of the Kubernetes API server on 127.0.0.1 (0 picks a free port).",
    DefaultValueFactory = _ => 6443,
};
var kubeconfig = new Option<string>("--kubeconfig")
{
    Description = "Where to write the kubeconfig for the sandbox's API server; it is written before \"Sandbox ready\" is printed.",
    DefaultValueFactory = _ => "./sandbox.kubeconfig",
};
var apiOnly = new Option<bool>("--api-only")
{
    Description = "Serve the Kubernetes API alone, without the sandbox's other components.",
};
var https = new Option<bool>("--https")
{
    Description = "Serve the Kubernetes API over HTTPS with a certificate from a CA made up for this run (the kubeconfig trusts it).",
};

var root = new RootCommand("Airwave sandbox: an in-memory Kubernetes API server on loopback, with a kubeconfig for kubectl. Ctrl-C or SIGTERM stops it.")
{
    kubePort,
    kubeconfig,
    apiOnly,
    https,
};
root.SetAction(async (parse, ct) =>
{
    using var shutdown = new ShutdownSignal(ct);
    var options = new SandboxOptions(parse.GetValue(kubePort), parse.GetValue(kubeconfig)!, parse.GetValue(apiOnly), parse.GetValue(https));
    await using var sandbox = await SandboxHost.StartAsync(options, shutdown.Token);
    Console.WriteLine("Sandbox ready");
    foreach (var (name, url) in sandbox.Endpoints)
    {
        Console.WriteLine($"  {name}: {url}");
    }

    Console.WriteLine($"  Kubeconfig: {sandbox.KubeconfigPath}");
    try
    {
        await Task.Delay(Timeout.Infinite, shutdown.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl-C or SIGTERM: leave through the normal disposal path.
    }

    return 0;
});

return await root.Parse(args).InvokeAsync();
