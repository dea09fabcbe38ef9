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
var awsPort = new Option<int>("--aws-port")
{
    Description = "Port of the AWS media emulator (MediaLive, MediaPackage, CloudFront) on 127.0.0.1 (0 picks a free port).",
    DefaultValueFactory = _ => 4566,
};
var operatorPort = new Option<int>("--operator-port")
{
    Description = "Port of the operator's health endpoints on 127.0.0.1 (0 picks a free port).",
    DefaultValueFactory = _ => 8080,
};
var awsDelay = new Option<double>("--aws-delay")
{
    Description = "Seconds the emulated AWS resources take between states, such as a channel going from STARTING to RUNNING.",
    DefaultValueFactory = _ => 3,
};
var apiOnly = new Option<bool>("--api-only")
{
    Description = "Serve the Kubernetes API alone, without the AWS emulator, the CRDs and the operator.",
};
var https = new Option<bool>("--https")
{
    Description = "Serve the Kubernetes API over HTTPS with a certificate from a CA made up for this run (the kubeconfig trusts it).",
};

var root = new RootCommand("Airwave sandbox: an in-memory Kubernetes API server, an AWS media emulator and the operator, on loopback, with a kubeconfig for kubectl. Ctrl-C or SIGTERM stops it.")
{
    kubePort,
    awsPort,
    operatorPort,
    awsDelay,
    kubeconfig,
    apiOnly,
    https,
};
root.SetAction(async (parse, ct) =>
{
    using var shutdown = new ShutdownSignal(ct);
    var options = new SandboxOptions
    {
        KubePort = parse.GetValue(kubePort),
        AwsPort = parse.GetValue(awsPort),
        OperatorPort = parse.GetValue(operatorPort),
        AwsTransitionDelay = TimeSpan.FromSeconds(parse.GetValue(awsDelay)),
        KubeconfigPath = parse.GetValue(kubeconfig)!,
        ApiOnly = parse.GetValue(apiOnly),
        Https = parse.GetValue(https),
    };
    await using var sandbox = await SandboxHost.StartAsync(options, shutdown.Token);
    Console.WriteLine("Sandbox ready");
    foreach (var (name, url) in sandbox.Endpoints)
    {
        Console.WriteLine($"  {name}: {url}");
    }

    Console.WriteLine($"  Kubeconfig: {sandbox.KubeconfigPath}");
    if (sandbox.Aws is { } aws)
    {
        Console.WriteLine($"  AWS credentials: AWS_ACCESS_KEY_ID={aws.Options.Credentials.AccessKeyId} AWS_SECRET_ACCESS_KEY={aws.Options.Credentials.SecretAccessKey} (test credentials of the emulator)");
        Console.WriteLine();
        Console.WriteLine("Next, in another terminal:");
        Console.WriteLine($"  export KUBECONFIG={sandbox.KubeconfigPath}");
        Console.WriteLine("  kubectl apply -f examples/livestream-rtmp.yaml");
        Console.WriteLine("  kubectl get livestreams -w");
        Console.WriteLine($"  aws --endpoint-url {aws.BaseAddress.GetLeftPart(UriPartial.Authority)} --region {aws.Options.Region} medialive list-channels");
    }
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
