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
    Description = "Port of the AWS emulator (MediaLive, MediaPackage, CloudFront, S3) on 127.0.0.1 (0 picks a free port).",
    DefaultValueFactory = _ => 4566,
};
var muxPort = new Option<int>("--mux-port")
{
    Description = "Port of the Mux emulator (video uploads, assets, playback, thumbnails) on 127.0.0.1; by default (0) a free port, printed when ready.",
    DefaultValueFactory = _ => 0,
};
var muxWebhook = new Option<string[]>("--mux-webhook")
{
    Description = "A loopback URL the Mux emulator delivers its webhooks to, signed with the secret the sandbox prints (repeatable).",
};
var operatorPort = new Option<int>("--operator-port")
{
    Description = "Port of the operator's health and metrics endpoints on 127.0.0.1; by default (0) a free port, printed when ready.",
    DefaultValueFactory = _ => 0,
};
var webhookPort = new Option<int>("--webhook-port")
{
    Description = "Port on 127.0.0.1 where the webhook service takes the Mux emulator's callbacks; by default (0) a free port, printed when ready.",
    DefaultValueFactory = _ => 0,
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
var noOperator = new Option<bool>("--no-operator")
{
    Description = "Serve the Kubernetes API, the CRDs and the AWS emulator without the built-in operator, to run your own operator build or debugger against them.",
};
var operatorInPod = new Option<bool>("--operator-in-pod")
{
    Description = "Run the operator as a cluster does: the Helm chart installed in namespace airwave, its Deployment's pod run by the sandbox with the chart's ServiceAccount (kubectl -n airwave logs deployment/airwave shows its log).",
};
var imageMap = new Option<string?>("--image-map")
{
    Description = "A JSON file of more images pods may use, each the local program it runs as: {\"example.com/tool\": {\"entrypoint\": [\"/usr/local/bin/tool\"]}}.",
};
var http = new Option<bool>("--http")
{
    Description = "Serve the Kubernetes API over plain HTTP instead of HTTPS (by default its certificate comes from a CA made up for this run, which the kubeconfig trusts).",
};

var root = new RootCommand("Airwave sandbox: an in-memory Kubernetes API server, an AWS media emulator and the operator, on loopback, with a kubeconfig for kubectl. Ctrl-C or SIGTERM stops it.")
{
    kubePort,
    awsPort,
    muxPort,
    muxWebhook,
    operatorPort,
    webhookPort,
    awsDelay,
    kubeconfig,
    apiOnly,
    noOperator,
    operatorInPod,
    http,
    imageMap,
};
root.SetAction(async (parse, ct) =>
{
    using var shutdown = new ShutdownSignal(ct);
    foreach (var url in parse.GetValue(muxWebhook) ?? [])
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var webhook) || !webhook.IsLoopback || webhook.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"airwave-sandbox: --mux-webhook {url} is not an http(s) URL on a loopback address; the sandbox sends nothing elsewhere");
            return 2;
        }
    }

    var options = new SandboxOptions
    {
        KubePort = parse.GetValue(kubePort),
        AwsPort = parse.GetValue(awsPort),
        MuxPort = parse.GetValue(muxPort),
        MuxWebhookUrls = [.. (parse.GetValue(muxWebhook) ?? []).Select(url => new Uri(url))],
        OperatorPort = parse.GetValue(operatorPort),
        WebhookPort = parse.GetValue(webhookPort),
        AwsTransitionDelay = TimeSpan.FromSeconds(parse.GetValue(awsDelay)),
        KubeconfigPath = parse.GetValue(kubeconfig)!,
        ApiOnly = parse.GetValue(apiOnly),
        NoOperator = parse.GetValue(noOperator),
        OperatorInPod = parse.GetValue(operatorInPod),
        Https = !parse.GetValue(http),
        ImageMapPath = parse.GetValue(imageMap),
        RunMedia = true,
        Admission = true,
    };
    SandboxHost sandbox;
    try
    {
        sandbox = await SandboxHost.StartAsync(options, shutdown.Token);
    }
    catch (PortInUseException e)
    {
        var flag = e.Option switch
        {
            nameof(SandboxOptions.KubePort) => "--kube-port",
            nameof(SandboxOptions.AwsPort) => "--aws-port",
            nameof(SandboxOptions.MuxPort) => "--mux-port",
            nameof(SandboxOptions.WebhookPort) => "--webhook-port",
            _ => "--operator-port",
        };
        await Console.Error.WriteLineAsync($"airwave-sandbox: {e.Message}; choose another port with {flag} (0 picks a free one)");
        return 1;
    }
    catch (Airwave.Sandbox.OperatorInPod.OperatorPodNotReadyException e)
    {
        await Console.Error.WriteLineAsync($"airwave-sandbox: {e.Message} (--operator-in-pod)");
        return 1;
    }
    catch (Airwave.Sandbox.Kubernetes.Pods.ImageMapException e)
    {
        await Console.Error.WriteLineAsync($"airwave-sandbox: {e.Message} (--image-map)");
        return 2;
    }

    await using var _ = sandbox;
    Console.WriteLine("Sandbox ready");
    foreach (var (name, url) in sandbox.Endpoints)
    {
        Console.WriteLine($"  {name}: {url}");
    }

    Console.WriteLine($"  Kubeconfig: {sandbox.KubeconfigPath}");
    if (sandbox.Aws?.MediaProblem is { } mediaProblem)
    {
        await Console.Error.WriteLineAsync($"airwave-sandbox: warning: {mediaProblem}");
    }

    if (sandbox.Kubernetes.ClusterDnsProblem is { } dnsProblem)
    {
        await Console.Error.WriteLineAsync($"airwave-sandbox: warning: {dnsProblem}");
    }

    if (sandbox.Aws is { } aws)
    {
        Console.WriteLine($"  AWS credentials: AWS_ACCESS_KEY_ID={aws.Options.Credentials.AccessKeyId} AWS_SECRET_ACCESS_KEY={aws.Options.Credentials.SecretAccessKey} (test credentials of the emulator)");
        if (sandbox.Mux is { } mux)
        {
            Console.WriteLine($"  Mux access token: MUX_TOKEN_ID={mux.Options.TokenId} MUX_TOKEN_SECRET={mux.Options.TokenSecret} (the emulator's)");
            Console.WriteLine($"  Mux webhook secret: MUX_WEBHOOK_SECRET={mux.Options.WebhookSecret}{(mux.Options.WebhookUrls.Count == 0 ? " (no webhook service and no --mux-webhook: none are sent)" : "")}");
        }

        Console.WriteLine();
        Console.WriteLine("Next, in another terminal:");
        Console.WriteLine($"  export KUBECONFIG={sandbox.KubeconfigPath}");
        Console.WriteLine($"  export AWS_ACCESS_KEY_ID={aws.Options.Credentials.AccessKeyId} AWS_SECRET_ACCESS_KEY={aws.Options.Credentials.SecretAccessKey} AWS_DEFAULT_REGION={aws.Options.Region}");
        if (sandbox.OperatorConfigPath is { } operatorConfig)
        {
            // The operator reads the AWS credentials exported above through the SDK's default chain.
            Console.WriteLine($"  dotnet run --project operator/Airwave.Operator -- run --kubeconfig {sandbox.KubeconfigPath} --config {operatorConfig} --urls http://127.0.0.1:0");
        }

        if (options.OperatorInPod)
        {
            Console.WriteLine("  kubectl -n airwave logs deployment/airwave -f");
        }

        Console.WriteLine("  kubectl apply -f examples/livestream-rtmp.yaml");
        Console.WriteLine("  kubectl get livestreams -w");
        Console.WriteLine("  ffmpeg -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440 -t 60 -c:v libx264 -g 60 -c:a aac -f flv \"$(kubectl get secret workshop-a-ingest -o jsonpath='{.data.primaryUrl}' | base64 -d)\"");
        Console.WriteLine($"  aws --endpoint-url {aws.BaseAddress.GetLeftPart(UriPartial.Authority)} --region {aws.Options.Region} medialive list-channels");
        Console.WriteLine($"  aws --endpoint-url {aws.BaseAddress.GetLeftPart(UriPartial.Authority)} --region {aws.Options.Region} s3 ls --recursive s3://{SandboxHost.ArchiveBucket}/");
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
