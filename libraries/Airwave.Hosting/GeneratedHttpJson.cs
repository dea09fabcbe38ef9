using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Hosting;

/// <summary>
/// What endpoints bind request bodies with and write their answers with (<c>Results.Ok</c>, <c>Results.Created</c>,
/// OpenAPI's schemas): the metadata the program's concepts generate at build time, and nothing else. The
/// reflection-based resolver the framework puts first under <c>dotnet</c> is taken out, so a type nobody generated
/// metadata for fails in the tests as it would in a native build, which has no reflection.
/// </summary>
public static class GeneratedHttpJson
{
    public static IServiceCollection AddGeneratedHttpJson(this IServiceCollection services, params IJsonTypeInfoResolver[] generated) =>
        services.ConfigureHttpJsonOptions(json =>
        {
            var chain = json.SerializerOptions.TypeInfoResolverChain;
            foreach (var reflection in chain.OfType<DefaultJsonTypeInfoResolver>().ToList())
            {
                chain.Remove(reflection);
            }

            foreach (var resolver in generated)
            {
                chain.Add(resolver);
            }
        });
}
