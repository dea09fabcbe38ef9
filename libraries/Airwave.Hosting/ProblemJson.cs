using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Airwave.Hosting;

/// <summary>
/// The metadata of the problem answers endpoints give (<c>Results.Problem</c>, <c>Results.ValidationProblem</c>),
/// generated at build time: a program compiled ahead of time has no reflection to serialize them with. Its
/// extensions hold strings and numbers.
/// </summary>
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
internal sealed partial class ProblemJson : JsonSerializerContext;
