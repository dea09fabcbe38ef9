using System.Text.Json;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Configuration;

/// <summary>Reads kubeconfig files the way kubectl does, including a KUBECONFIG list of files.</summary>
public static class KubeconfigLoader
{
    /// <summary>The files in <c>KUBECONFIG</c>, or <c>~/.kube/config</c> when it is unset, merged.</summary>
    public static Kubeconfig LoadDefault()
    {
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            return Load(variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return LoadFile(Path.Combine(home, ".kube", "config"));
    }

    /// <summary>
    /// Merges several kubeconfig files as clientcmd does: the first file to define a cluster, context
    /// or user name wins, the first current-context set wins, and files that do not exist are skipped.
    /// </summary>
    public static Kubeconfig Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var clusters = new Dictionary<string, NamedCluster>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, NamedContext>(StringComparer.Ordinal);
        var users = new Dictionary<string, NamedUser>(StringComparer.Ordinal);
        string? currentContext = null;
        var found = false;

        foreach (var path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!File.Exists(path))
            {
                continue;
            }

            found = true;
            var file = LoadFile(path);
            foreach (var cluster in file.Clusters)
            {
                clusters.TryAdd(cluster.Name, cluster);
            }

            foreach (var context in file.Contexts)
            {
                contexts.TryAdd(context.Name, context);
            }

            foreach (var user in file.Users)
            {
                users.TryAdd(user.Name, user);
            }

            currentContext ??= string.IsNullOrEmpty(file.CurrentContext) ? null : file.CurrentContext;
        }

        if (!found)
        {
            throw new FileNotFoundException($"none of the kubeconfig files exist: {string.Join(Path.PathSeparator, paths)}");
        }

        return new Kubeconfig
        {
            Clusters = [.. clusters.Values],
            Contexts = [.. contexts.Values],
            Users = [.. users.Values],
            CurrentContext = currentContext,
        };
    }

    /// <summary>One kubeconfig file, with relative file paths made absolute against the file's directory.</summary>
    public static Kubeconfig LoadFile(string path)
    {
        var text = File.ReadAllText(path);
        Kubeconfig config;
        try
        {
            config = YamlReader.Read(text)?.Deserialize(KubernetesJsonContext.Default.Kubeconfig) ?? new Kubeconfig();
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException($"{path} is not a valid kubeconfig: {e.Message}", e);
        }

        // Generated deserializers leave init-only lists that are missing from the file null, not empty.
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return config with
        {
            Clusters = [.. (config.Clusters ?? []).Select(c => c with { Cluster = c.Cluster with { CertificateAuthority = Resolve(c.Cluster.CertificateAuthority, directory) } })],
            Contexts = config.Contexts ?? [],
            Users = [.. (config.Users ?? []).Select(u => u with { User = ResolvePaths(u.User, directory) })],
        };
    }

    private static KubeconfigUser ResolvePaths(KubeconfigUser user, string directory) => user with
    {
        ClientCertificate = Resolve(user.ClientCertificate, directory),
        ClientKey = Resolve(user.ClientKey, directory),
        TokenFile = Resolve(user.TokenFile, directory),

        // A bare command name is looked up on PATH; only a relative path is relative to the file.
        Exec = user.Exec is { } exec && exec.Command.Contains('/', StringComparison.Ordinal)
            ? exec with { Command = Path.GetFullPath(exec.Command, directory) }
            : user.Exec,
    };

    private static string? Resolve(string? path, string directory) =>
        string.IsNullOrEmpty(path) ? path : Path.GetFullPath(path, directory);
}
