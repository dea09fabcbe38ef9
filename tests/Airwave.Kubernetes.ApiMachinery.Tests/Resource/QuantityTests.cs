using Airwave.Kubernetes.ApiMachinery.Resource;

namespace Airwave.Kubernetes.ApiMachinery.Tests.Resource;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("500m", "0.5")]
    [InlineData("1.5", "1.5")]
    [InlineData("250u", "0.00025")]
    [InlineData("128Mi", "134217728")]
    [InlineData("1Gi", "1073741824")]
    [InlineData("2k", "2000")]
    [InlineData("1M", "1000000")]
    [InlineData("1e3", "1000")]
    [InlineData("5E-3", "0.005")]
    [InlineData(".5", "0.5")]
    [InlineData("+2", "2")]
    public void Parses_the_value_a_quantity_stands_for(string text, string value) =>
        Assert.Equal(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), Quantity.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("1 Gi")]
    [InlineData("1GB")]
    [InlineData("Mi")]
    [InlineData("1ki")]
    public void Refuses_what_is_not_a_quantity_naming_the_text(string text)
    {
        var error = Assert.Throws<FormatException>(() => Quantity.Parse(text));
        Assert.EndsWith(": " + text, error.Message);
    }
}
