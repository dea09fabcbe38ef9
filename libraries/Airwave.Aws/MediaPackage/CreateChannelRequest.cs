namespace Airwave.Aws.MediaPackage;

/// <summary>MediaPackage ids are chosen by the caller; creating an id that exists fails with UnprocessableEntityException.</summary>
public sealed record CreateChannelRequest(string Id, string? Description = null, IReadOnlyDictionary<string, string>? Tags = null);
