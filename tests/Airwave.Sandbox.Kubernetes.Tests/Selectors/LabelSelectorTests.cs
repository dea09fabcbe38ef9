using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Selectors;

namespace Airwave.Sandbox.Kubernetes.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "stream", ["tier"] = "web" };

    [Theory]
    [InlineData("app=stream", true)]
    [InlineData("app==stream,tier=web", true)]
    [InlineData("app!=stream", false)]
    [InlineData("tier in (web, db)", true)]
    [InlineData("tier notin (web)", false)]
    [InlineData("app,!missing", true)]
    [InlineData("missing", false)]
    [InlineData("", true)]
    public void Matches_as_the_apiserver_does(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Fact]
    public void Unparseable_selectors_are_bad_requests()
    {
        var error = Assert.Throws<ApiException>(() => LabelSelector.Parse("app=(x"));

        Assert.Equal(400, error.Code);
    }
}
