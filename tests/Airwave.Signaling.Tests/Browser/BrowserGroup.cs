namespace Airwave.Signaling.Tests.Browser;

/// <summary>The browser test classes, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserGroup
{
    public const string Name = "Browsers";
}
