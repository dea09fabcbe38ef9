using System.Net;
using System.Text.Json.Nodes;
using Airwave.Mux;
using Airwave.Mux.Playback;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// Signed VideoAssets as tenants and the platform team meet them: tokens only from the webhook service, for callers
/// allowed to get the asset; the one signing key only in the operator's namespace; rotation deleting only keys the
/// operator made; the namespaces' keys of earlier versions removed.
/// </summary>
public sealed class SignedPlaybackTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>, IDisposable
{
    /// <summary>The sandbox operator's own namespace.</summary>
    private const string OperatorNamespace = "default";

    private const string KeySecret = "airwave-mux-playback-key";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Tokens_come_from_the_webhook_the_namespace_holds_no_key_and_a_rotation_deletes_only_a_key_the_operator_made()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        var (_, playbackUrl) = await ApplySignedAsync(ns, "private-talk", files.ClipUrl);

        // The tenant's namespace holds no signing key; the operator's does, and records that it made it.
        var tenantSecrets = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "secrets", "-n", ns, "-o", "json"))!["items"]!.AsArray();
        Assert.DoesNotContain(tenantSecrets, s => s!["data"]?["VIDEO_PRIVATE_KEY"] is not null);
        var (keyId, createdKey) = await SigningKeyAsync();
        Assert.Equal(keyId, createdKey);
        Assert.Equal(keyId, (await sandbox.Mux.GetSigningKeyAsync(keyId, CancellationToken.None)).Id);
        var ready = await sandbox.GetAsync(ns, "videoasset", "private-talk");
        Assert.Contains("POST /v1/playback-tokens", VideoAssetLifecycleTests.ConditionMessage(ready, "Ready"), StringComparison.Ordinal);

        // An app backend allowed to get the asset gets a token that plays; another is refused.
        var (player, stranger) = await sandbox.PlaybackCallersAsync(ns, "private-talk", "videoassets.media.airwave.dev");
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(playbackUrl));
        var before = await PlayableUrlAsync(player, ns, "private-talk");
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(before));
        using (var refused = await sandbox.AskPlaybackTokenAsync(_http, stranger, ns, "private-talk", kind: "VideoAsset"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains($"may not get videoassets/private-talk in namespace {ns}", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The platform team rotates a key that leaked: old tokens stop playing, the old key is gone at Mux.
        await sandbox.Kubectl.SucceedAsync("annotate", "-n", OperatorNamespace, "secret", KeySecret, "media.airwave.dev/rotate=leaked-2026-11");
        await sandbox.WaitForEventAsync(OperatorNamespace, KeySecret, "SigningKeyRotated");
        var (rotatedId, rotatedRecord) = await SigningKeyAsync();
        Assert.NotEqual(keyId, rotatedId);
        Assert.Equal(rotatedId, rotatedRecord);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusOfAsync(before));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(await PlayableUrlAsync(player, ns, "private-talk")));
        var gone = await Assert.ThrowsAsync<MuxApiException>(() => sandbox.Mux.GetSigningKeyAsync(keyId, CancellationToken.None));
        Assert.True(gone.IsNotFound, gone.Message);

        // A key written into the Secret by hand is not the operator's to delete: a rotation replaces it and leaves it at Mux.
        var handMade = await sandbox.Mux.CreateSigningKeyAsync(CancellationToken.None);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", OperatorNamespace, "secret", KeySecret, "--type=merge", "-p",
            new JsonObject { ["stringData"] = new JsonObject { ["VIDEO_SIGNING_KEY"] = handMade.Id, ["VIDEO_PRIVATE_KEY"] = handMade.PrivateKey } }.ToJsonString());
        await sandbox.Kubectl.SucceedAsync("annotate", "-n", OperatorNamespace, "secret", KeySecret, "media.airwave.dev/rotate=hand-made", "--overwrite");
        var (replacedId, replacedRecord) = await Eventually.MatchAsync(SigningKeyAsync, k => k.KeyId != handMade.Id, OperatorSandbox.Timeout, "the hand-made key replaced");
        Assert.Equal(replacedId, replacedRecord);
        Assert.Equal(handMade.Id, (await sandbox.Mux.GetSigningKeyAsync(handMade.Id, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task A_namespaces_key_of_earlier_versions_is_deleted_and_tokens_it_signed_play_until_they_expire()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var legacy = await sandbox.Mux.CreateSigningKeyAsync(CancellationToken.None);
        await sandbox.Kubectl.SucceedAsync("create", "secret", "generic", "airwave-mux-signing-key", "-n", ns,
            $"--from-literal=VIDEO_SIGNING_KEY={legacy.Id}", $"--from-literal=VIDEO_PRIVATE_KEY={legacy.PrivateKey}");
        await sandbox.Kubectl.SucceedAsync("label", "secret", "airwave-mux-signing-key", "-n", ns, "app.kubernetes.io/managed-by=airwave");

        // What the README has the platform team run before upgrading, to note the keys to delete at Mux later.
        var listed = await sandbox.Kubectl.SucceedAsync("get", "secret", "-A", "--field-selector", "metadata.name=airwave-mux-signing-key",
            "-o", """go-template={{range .items}}{{.metadata.namespace}} {{index .data "VIDEO_SIGNING_KEY" | base64decode}}{{"\n"}}{{end}}""");
        Assert.Contains($"{ns} {legacy.Id}\n", listed, StringComparison.Ordinal);

        await using var files = await ClipServer.StartAsync(await TestMedia.ClipAsync(sandbox.Directory));
        var (playbackId, playbackUrl) = await ApplySignedAsync(ns, "old-talk", files.ClipUrl);
        await sandbox.WaitForEventAsync(ns, "old-talk", "LegacySigningKeyRemoved");
        Assert.Null(await sandbox.GetAsync(ns, "secret", "airwave-mux-signing-key"));

        // A token an app signed with the old key still plays; the key is left at Mux for the platform team.
        using var signer = new PlaybackTokenSigner(legacy.Id, legacy.PrivateKey!);
        var old = signer.Sign(playbackId, PlaybackAudience.Video, DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(new Uri($"{playbackUrl}?token={old}")));
        Assert.Equal(legacy.Id, (await sandbox.Mux.GetSigningKeyAsync(legacy.Id, CancellationToken.None)).Id);
        await sandbox.Mux.DeleteSigningKeyAsync(legacy.Id, CancellationToken.None);
    }

    private async Task<(string PlaybackId, Uri PlaybackUrl)> ApplySignedAsync(string ns, string name, Uri clipUrl)
    {
        await sandbox.ApplyAsync(ns, $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: VideoAsset
            metadata: { name: {{name}} }
            spec:
              title: Private talk
              source: { url: "{{clipUrl}}" }
              playbackPolicy: Signed
            """);
        var ready = await Eventually.MatchAsync(() => sandbox.GetAsync(ns, "videoasset", name), a => Phase(a) is "Ready" or "Errored", ReadyTimeout, $"{name} Ready");
        Assert.True(Phase(ready) == "Ready", ready!.ToJsonString());
        return ((string)ready["status"]!["playbackId"]!, new Uri((string)ready["status"]!["playbackUrl"]!));
    }

    private async Task<Uri> PlayableUrlAsync(string bearer, string ns, string name)
    {
        using var granted = await sandbox.AskPlaybackTokenAsync(_http, bearer, ns, name, kind: "VideoAsset");
        var body = await granted.Content.ReadAsStringAsync();
        Assert.True(granted.StatusCode == HttpStatusCode.OK, body);
        return new Uri((string)JsonNode.Parse(body)!["playbackUrl"]!);
    }

    /// <summary>The key id in the operator's Secret, and the id its record says the operator made.</summary>
    private async Task<(string KeyId, string? CreatedKey)> SigningKeyAsync()
    {
        var secret = await sandbox.GetAsync(OperatorNamespace, "secret", KeySecret);
        Assert.NotNull(secret);
        var keyId = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["VIDEO_SIGNING_KEY"]!));
        return (keyId, (string?)secret["metadata"]!["annotations"]?["media.airwave.dev/created-key"]);
    }

    private async Task<HttpStatusCode> StatusOfAsync(Uri url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }
}
