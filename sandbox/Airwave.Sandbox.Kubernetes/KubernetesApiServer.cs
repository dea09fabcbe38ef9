using System.Net;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox.Kubernetes.Admission;
using Airwave.Sandbox.Kubernetes.Admission.Policies;
using Airwave.Sandbox.Kubernetes.Aggregation;
using Airwave.Sandbox.Kubernetes.Authentication;
using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Crds;
using Airwave.Sandbox.Kubernetes.Faults;
using Airwave.Sandbox.Kubernetes.GarbageCollection;
using Airwave.Sandbox.Kubernetes.Hosting;
using Airwave.Sandbox.Kubernetes.Http;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Kubeconfig;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Tables;
using Airwave.Sandbox.Kubernetes.Watch;
using Airwave.Sandbox.Kubernetes.Workloads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox.Kubernetes;

/// <summary>
/// An in-memory Kubernetes API server on 127.0.0.1 that kubectl and client libraries can use:
/// discovery, OpenAPI, CRUD, patch, watch, CRDs, finalizers, garbage collection, service-account tokens, RBAC and
/// aggregated APIs.
/// </summary>
public sealed class KubernetesApiServer : IAsyncDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _controllers;
    private readonly Task[] _controllerTasks;

    private readonly SandboxCertificates? _certificates;
    private readonly ServiceAccountTokens _tokens;
    private readonly RbacAuthorizer _authorizer;
    private readonly ClusterDns? _dns;
    private readonly IReadOnlyList<IDisposable> _owned;

    private KubernetesApiServer(WebApplication app, FaultInjector faults, Uri baseAddress, SandboxCertificates? certificates, CancellationTokenSource controllers, Task[] controllerTasks, ServiceAccountTokens tokens, RbacAuthorizer authorizer, ClusterDns? dns, IReadOnlyList<IDisposable> owned)
    {
        _dns = dns;
        _owned = owned;
        _app = app;
        _tokens = tokens;
        _authorizer = authorizer;
        _certificates = certificates;
        Faults = faults;
        BaseAddress = baseAddress;
        _controllers = controllers;
        _controllerTasks = controllerTasks;
    }

    public Uri BaseAddress { get; }

    /// <summary>Where Services' cluster IPs come from: <see cref="KubernetesApiServerOptions.ServiceRange"/>, or the range picked.</summary>
    public required ServiceRange ServiceRange { get; init; }

    /// <summary>The cluster DNS's address, where pods' names resolve; null without a kubelet, or when it cannot serve (<see cref="ClusterDnsProblem"/>).</summary>
    public IPAddress? ClusterDns => _dns?.Address;

    /// <summary>Why there is no cluster DNS although pods run, or null.</summary>
    public string? ClusterDnsProblem { get; init; }

    public FaultInjector Faults { get; }

    /// <summary>The PEM of the CA that signed the serving certificate, when serving HTTPS.</summary>
    public string? CertificateAuthorityPem => _certificates?.AuthorityPem;

    public static async Task<KubernetesApiServer> StartAsync(KubernetesApiServerOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = options.Time;
        var store = new ObjectStore(options.WatchHistorySize);
        var registry = new ResourceRegistry(BuiltInResources.All);
        var authorizer = new RbacAuthorizer(store);
        var (dns, range, dnsProblem) = options.Kubelet is null ? (null, options.ServiceRange ?? ServiceRange.Random(), null) : Networking.ClusterDns.Start(store, options.ServiceRange);
        var serviceClients = new ServiceHttpClients(store);
        var frontProxy = FrontProxyCertificates.Create(time.GetUtcNow());
        var aggregated = new AggregatedApis(store);
        var service = new ResourceService(store, registry, new CrdServing(registry, store), new AdmissionWebhooks(store, registry, serviceClients), new AdmissionPolicies(store), new RbacEscalation(store, authorizer), new ServiceAllocations(store, range), time);
        var faults = new FaultInjector(store.ExpireHistory);
        var tables = new TableConverter(time);
        var tokens = new ServiceAccountTokens(store, time);

        foreach (var ns in InitialNamespaces)
        {
            service.Create(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }, WriteOptions.Default);
        }

        foreach (var role in BootstrapPolicy.ClusterRoles)
        {
            service.Create(BuiltInResources.ClusterRoles, null, role, WriteOptions.Default);
        }

        foreach (var binding in BootstrapPolicy.ClusterRoleBindings)
        {
            service.Create(BuiltInResources.ClusterRoleBindings, null, binding, WriteOptions.Default);
        }

        var apiServices = new LocalApiServices(service, time);
        apiServices.Sync();

        Uri? address = null;
        var sources = new ConfigSources(store);
        var kubelet = options.Kubelet is { } kubeletOptions ? new Kubelet(service, new ContainerEnvironment(sources, () => address!), new PodVolumes(sources, tokens), kubeletOptions, dns?.Address, time) : null;
        var resources = new ResourceEndpoints(service, new WatchStreamer(store, tables, faults, options.BookmarkInterval), tables, new TokenRequests(tokens), new TokenReviews(tokens), new AccessReviews(authorizer), kubelet);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A start that fails (the port is taken) is thrown to the caller, which says what to do about it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var certificates = options.Https ? SandboxCertificates.Create(time.GetUtcNow()) : null;
        ExtensionApiServerAuthentication.Publish(service, frontProxy, certificates?.AuthorityPem);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
        {
            if (certificates is not null)
            {
                listen.UseHttps(certificates.Server);
            }
        }));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.AddSingleton<ErrorMiddleware>();
        var app = builder.Build();
        var faultMiddleware = new FaultMiddleware(faults, registry);
        var errors = app.Services.GetRequiredService<ErrorMiddleware>();
        app.UseWebSockets();
        app.Use((http, next) => errors.InvokeAsync(http, next));
        app.Use(new AccessMiddleware(new Authenticator(tokens), new Impersonation(authorizer), authorizer).InvokeAsync);
        app.Use(faultMiddleware.InvokeAsync);
        ClusterEndpoints.Map(app, registry, resources, aggregated, new AggregatedApiProxy(serviceClients, frontProxy), () => address!.Authority);
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address = new Uri(bound);
        ApiServerService.Create(service, range, address);
        if (dns is not null)
        {
            ClusterDnsService.Create(service, dns.Address);
        }

        var controllers = new CancellationTokenSource();
        Task[] controllerTasks =
        [
            Task.Run(() => new GarbageCollector(service).RunAsync(controllers.Token), CancellationToken.None),
            Task.Run(() => new NamespaceLifecycle(service).RunAsync(controllers.Token), CancellationToken.None),
            Task.Run(() => new CustomResourceCleanup(service).RunAsync(controllers.Token), CancellationToken.None),
            Task.Run(() => apiServices.RunAsync(controllers.Token), CancellationToken.None),
            Task.Run(() => new ApiServiceAvailability(service, aggregated, serviceClients, frontProxy, time).RunAsync(controllers.Token), CancellationToken.None),
            .. kubelet is null ? Array.Empty<Task>() :
            [
                Task.Run(() => kubelet.RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new NamespaceDefaults(service, certificates?.AuthorityPem ?? "").RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new JobController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new CronJobController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new ReplicaSetController(service, time, BuiltInResources.ReplicaSets).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new ReplicaSetController(service, time, BuiltInResources.ReplicationControllers).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new DaemonSetController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new StatefulSetController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new DeploymentController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new EndpointSliceController(service, time).RunAsync(controllers.Token), CancellationToken.None),
                Task.Run(() => new ServiceProxy(service, new ServiceEndpoints(store), NodeRegistration.Address, dns?.Address, time).RunAsync(controllers.Token), CancellationToken.None),
            ],
        ];
        return new KubernetesApiServer(app, faults, address, certificates, controllers, controllerTasks, tokens, authorizer, dns, [serviceClients, frontProxy]) { ServiceRange = range, ClusterDnsProblem = dnsProblem };
    }

    /// <summary>Writes a kubeconfig (cluster, context and user "airwave-sandbox") for this server and returns its path.</summary>
    public string WriteKubeconfig(string path) => Write(path, KubeconfigDocument.For(BaseAddress, CertificateAuthorityPem));

    /// <summary>
    /// Writes a kubeconfig that authenticates as the service account (which must exist) with a token minted for it,
    /// valid for <paramref name="lifetime"/> (a day by default) or until the account is deleted, and returns its path.
    /// Clients using it are subject to RBAC as that account.
    /// </summary>
    public string WriteServiceAccountKubeconfig(string path, string @namespace, string serviceAccount, TimeSpan? lifetime = null)
    {
        var (token, _) = _tokens.Issue(@namespace, serviceAccount, [ServiceAccountTokens.DefaultAudience], lifetime ?? TimeSpan.FromDays(1))
            ?? throw new InvalidOperationException($"service account {@namespace}/{serviceAccount} does not exist");
        return Write(path, KubeconfigDocument.For(BaseAddress, CertificateAuthorityPem, $"{@namespace}-{serviceAccount}", token, @namespace));
    }

    public async ValueTask DisposeAsync()
    {
        await _controllers.CancelAsync();
        try
        {
            await Task.WhenAll(_controllerTasks);
        }
        catch (OperationCanceledException)
        {
            // The controllers' normal way to stop.
        }

        Faults.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _controllers.Dispose();
        _authorizer.Dispose();
        _dns?.Dispose();
        Faults.Dispose();
        _certificates?.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private static string Write(string path, JsonObject kubeconfig)
    {
        var full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(full, YamlWriter.Write(kubeconfig));
        return full;
    }
}
