using Airwave.Kubernetes.Client.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Airwave.Kubernetes.Client;

/// <summary>Where Airwave's programs find the API server, read by the official client as kubectl reads it.</summary>
public static class KubernetesAccess
{
    /// <summary>
    /// <paramref name="kubeconfig"/> when given; else in a pod its service account (the token file, read again as
    /// the kubelet rotates it, the cluster's CA and the pod's namespace); else the files in <c>KUBECONFIG</c>, merged,
    /// or <c>~/.kube/config</c>, at their current context. A user's exec plugin, token, client certificate or
    /// <c>auth-provider: oidc</c> authenticates the client.
    /// </summary>
    public static k8s.KubernetesClientConfiguration Configuration(string? kubeconfig = null)
    {
        if (kubeconfig is null && k8s.KubernetesClientConfiguration.IsInCluster())
        {
            return k8s.KubernetesClientConfiguration.InClusterConfig();
        }

        var files = kubeconfig is not null ? [new FileInfo(kubeconfig)] : DefaultFiles();
        if (files.Length == 0)
        {
            return k8s.KubernetesClientConfiguration.BuildDefaultConfig();
        }

        var config = Merge(files);
        var provider = AuthProvider(config);
        if (provider is null)
        {
            return k8s.KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
        }

        // The official client's ahead-of-time build does not read auth-provider and refuses a user without other
        // credentials: the user is read with a stand-in token, which the provider's tokens then replace.
        var tokens = provider.Name == "oidc"
            ? new OidcTokenProvider(OidcSettings.From(provider.Config ?? new Dictionary<string, string>(), Path.GetDirectoryName(config.FileName ?? files[0].FullName)))
            : throw new KubeConfigException($"the kubeconfig's user has auth-provider '{provider.Name}', which Airwave does not support; give the user an exec credential plugin (as kubectl does for that provider today) or a token");
        var credentials = CurrentUser(config)!.UserCredentials;
        credentials.AuthProvider = null;
        credentials.Token = "auth-provider";
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigObject(config);
        configuration.AccessToken = null;
        configuration.TokenProvider = tokens;
        return configuration;
    }

    private static FileInfo[] DefaultFiles()
    {
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return [.. variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(path => new FileInfo(path))];
        }

        var home = new FileInfo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"));
        return home.Exists ? [home] : [];
    }

    /// <summary>
    /// The files as kubectl merges <c>KUBECONFIG</c>: each cluster, context and user from the first file that names
    /// it, the current context from the first file that sets one; files that do not exist are passed over.
    /// </summary>
    private static K8SConfiguration Merge(FileInfo[] files)
    {
        var loaded = files.Where(file => file.Exists || files.Length == 1).Select(file => k8s.KubernetesClientConfiguration.LoadKubeConfig(file)).ToList();
        if (loaded.Count == 0)
        {
            throw new KubeConfigException($"none of the kubeconfig files in KUBECONFIG exists: {string.Join(", ", files.Select(f => f.FullName))}");
        }

        var merged = loaded[0];
        foreach (var next in loaded.Skip(1))
        {
            merged.CurrentContext ??= next.CurrentContext;
            merged.Clusters = FirstByName(merged.Clusters, next.Clusters, c => c.Name);
            merged.Contexts = FirstByName(merged.Contexts, next.Contexts, c => c.Name);
            merged.Users = FirstByName(merged.Users, next.Users, u => u.Name);
        }

        return merged;
    }

    private static List<T> FirstByName<T>(IEnumerable<T>? first, IEnumerable<T>? next, Func<T, string> name) =>
        [.. (first ?? []).Concat(next ?? []).DistinctBy(name)];

    private static AuthProvider? AuthProvider(K8SConfiguration config) => CurrentUser(config)?.UserCredentials?.AuthProvider;

    private static User? CurrentUser(K8SConfiguration config)
    {
        var context = config.Contexts?.FirstOrDefault(c => c.Name == config.CurrentContext);
        return config.Users?.FirstOrDefault(u => u.Name == context?.ContextDetails?.User);
    }
}
