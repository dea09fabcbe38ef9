namespace Airwave.Aws.MediaLive;

/// <summary>The <c>{"tags": {...}}</c> body of create-tags and list-tags-for-resource.</summary>
public sealed record TagsEnvelope(IReadOnlyDictionary<string, string> Tags);
