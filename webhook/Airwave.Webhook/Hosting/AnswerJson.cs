using System.Text.Json.Serialization.Metadata;
using Airwave.Webhook.Admission;
using Airwave.Webhook.LivePlayback;
using Airwave.Webhook.PlaybackTokens;
using Airwave.Webhook.StreamApi;
using Airwave.Webhook.UploadPlayback;
using Airwave.Webhook.VideoPlayback;
using Airwave.Webhook.VideoUploads;
using Airwave.Webhook.Views;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Webhook.Hosting;

/// <summary>
/// What the endpoints' answers (<c>Results.Ok</c>, <c>Results.Created</c>) are written with: the metadata each concept
/// generates at build time for its own requests and answers, and nothing else. The reflection-based resolver the
/// framework puts first under <c>dotnet</c> is taken out, so an answer nobody generated metadata for fails in the
/// tests as it would in a native build, which has no reflection.
/// </summary>
internal static class AnswerJson
{
    public static IServiceCollection AddAnswerJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            var chain = json.SerializerOptions.TypeInfoResolverChain;
            foreach (var reflection in chain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                chain.Remove(reflection);
            }

            chain.Add(AdmissionJson.Default);
            chain.Add(PlaybackTokenJson.Default);
            chain.Add(VideoPlaybackJson.Default);
            chain.Add(LivePlaybackJson.Default);
            chain.Add(UploadPlaybackJson.Default);
            chain.Add(MultipartJson.Default);
            chain.Add(ViewJson.Default);
            chain.Add(StreamApiJson.Default);
        });
}
