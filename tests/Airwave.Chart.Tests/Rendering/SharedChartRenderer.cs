namespace Airwave.Chart.Tests.Rendering;

/// <summary>Every test class shares one build of the renderer.</summary>
[CollectionDefinition(Name)]
public sealed class SharedChartRenderer : ICollectionFixture<ChartRenderer>
{
    public const string Name = "chart renderer";
}
