using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using k8s.Authentication;
using k8s.Exceptions;

namespace Airwave.Kubernetes.Client.Authentication;

/// <summary>
/// A kubeconfig user's <c>auth-provider: oidc</c>, as kubectl's client-go uses it: the id-token is sent while it has
/// more than 10 seconds left; then the refresh-token is exchanged at the token endpoint the issuer's discovery document
/// names, and the new id-token (and refresh-token, when the issuer sends one) is used from then on. The tokens are kept
/// in memory only; the kubeconfig file is not rewritten.
/// </summary>
public sealed class OidcTokenProvider : ITokenProvider, IDisposable
{
    private static readonly TimeSpan ExpiryDelta = TimeSpan.FromSeconds(10);

    private readonly OidcSettings _settings;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private string? _idToken;
    private string? _refreshToken;

    public OidcTokenProvider(OidcSettings settings, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _idToken = settings.IdToken;
        _refreshToken = settings.RefreshToken;
        _time = time ?? TimeProvider.System;
        _http = new HttpClient(handler ?? Handler(settings.IssuerAuthority)) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken)
    {
        if (Valid(_idToken) is { } current)
        {
            return new AuthenticationHeaderValue("Bearer", current);
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            // Another request may have refreshed while this one waited.
            var token = Valid(_idToken) ?? await RefreshAsync(cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _refreshing.Dispose();
    }

    private string? Valid(string? idToken) =>
        idToken is not null && Expiry(idToken) is { } expiry && _time.GetUtcNow() + ExpiryDelta < expiry ? idToken : null;

    private async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_refreshToken))
        {
            throw new KubeConfigException("the kubeconfig's OIDC id-token has expired and it has no refresh-token to renew it with; log in again");
        }

        var tokenEndpoint = await TokenEndpointAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint);
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "refresh_token"), new("refresh_token", _refreshToken) };
        if (_settings.ClientSecret is { Length: > 0 } secret)
        {
            // client_secret_basic, which every OAuth 2.0 server supports (RFC 6749 section 2.3.1).
            var credentials = $"{Uri.EscapeDataString(_settings.ClientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form.Add(new("client_id", _settings.ClientId));
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await _http.SendAsync(request, cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = body.RootElement.TryGetProperty("error", out var code) ? code.GetString() : null;
            throw new KubeConfigException($"the OIDC issuer refused to refresh the kubeconfig's id-token ({(int)response.StatusCode}{(error is null ? "" : $", {error}")}); log in again");
        }

        var idToken = Text(body.RootElement, "id_token")
            ?? throw new KubeConfigException("the OIDC issuer's token response has no id_token to send to the API server");
        _idToken = idToken;
        _refreshToken = Text(body.RootElement, "refresh_token") ?? _refreshToken;
        return idToken;
    }

    private async Task<Uri> TokenEndpointAsync(CancellationToken cancellationToken)
    {
        var discovery = new Uri(_settings.IssuerUrl.TrimEnd('/') + "/.well-known/openid-configuration");
        using var response = await _http.GetAsync(discovery, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KubeConfigException($"the OIDC issuer's discovery document {discovery} answered {(int)response.StatusCode}");
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return Text(body.RootElement, "token_endpoint") is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new KubeConfigException($"the OIDC issuer's discovery document {discovery} names no token_endpoint");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The JWT's <c>exp</c> claim; null when the token is not a JWT with one (it is then refreshed).</summary>
    private static DateTimeOffset? Expiry(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Convert.FromBase64String(payload));
            return claims.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Trusts the issuer's own CA when the kubeconfig names one; else the machine's.</summary>
    private static SocketsHttpHandler Handler(X509Certificate2Collection? authority)
    {
        var handler = new SocketsHttpHandler();
        if (authority is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
