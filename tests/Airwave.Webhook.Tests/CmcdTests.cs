using System.Text.Json;
using Airwave.Webhook.Views;

namespace Airwave.Webhook.Tests;

/// <summary>Common Media Client Data as players write it (CTA-5004's own examples) and what is refused.</summary>
public sealed class CmcdTests
{
    [Fact]
    public void The_specifications_example_parses_into_typed_keys()
    {
        var keys = new Dictionary<string, object>();
        Assert.True(Cmcd.TryParse("br=3200,bs,d=4004,mtp=25400,ot=v,rtp=15000,sid=\"6e2fb550-c457-11e9-bb97-0800200c9a66\",tb=6000", keys, out var error), error);

        var plain = Cmcd.Plain(keys);
        Assert.Equal(3200L, plain["br"]);
        Assert.Equal(true, plain["bs"]);
        Assert.Equal("v", plain["ot"]);
        Assert.Equal("6e2fb550-c457-11e9-bb97-0800200c9a66", plain["sid"]);
        Assert.Equal(6000L, plain["tb"]);
    }

    [Fact]
    public void Quoted_strings_keep_their_commas_and_escapes_and_custom_keys_are_kept()
    {
        var keys = new Dictionary<string, object>();
        Assert.True(Cmcd.TryParse("cid=\"a,b \\\"c\\\"\",com.example-myKey=7,pr=1.25,sf=h,st=l,su", keys, out var error), error);

        Assert.Equal("a,b \"c\"", keys["cid"]);
        Assert.Equal(7L, keys["com.example-myKey"]);
        Assert.Equal(1.25, keys["pr"]);
        Assert.Equal(true, keys["su"]);
    }

    [Theory]
    [InlineData("br=\"fast\"", "br takes an integer")]
    [InlineData("sid=abc", "sid takes a quoted string")]
    [InlineData("ot=\"v\"", "ot takes a token")]
    [InlineData("bs=3", "bs takes a boolean")]
    [InlineData("BR=3", "is not a CMCD key")]
    [InlineData("cid=\"unterminated", "neither a number")]
    public void A_key_of_the_wrong_type_or_shape_is_refused_naming_it(string text, string expected)
    {
        Assert.False(Cmcd.TryParse(text, [], out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_form_takes_the_same_keys_with_tokens_as_strings()
    {
        var keys = new Dictionary<string, object>();
        using var report = JsonDocument.Parse("""{"br": 3200, "bl": 21300, "bs": true, "ot": "v", "sid": "view-1", "pr": 1.5}""");
        Assert.True(Cmcd.TryParse(report.RootElement, keys, out var error), error);

        var plain = Cmcd.Plain(keys);
        Assert.Equal(21300L, plain["bl"]);
        Assert.Equal("v", plain["ot"]);
        Assert.Equal(1.5, plain["pr"]);

        using var wrong = JsonDocument.Parse("""{"ot": "not a token!"}""");
        Assert.False(Cmcd.TryParse(wrong.RootElement, [], out error));
        Assert.Contains("ot takes a token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_carries_a_bounded_number_of_keys()
    {
        var text = string.Join(',', Enumerable.Range(0, Cmcd.MaxKeys + 1).Select(i => $"com.example-k{i}=1"));
        Assert.False(Cmcd.TryParse(text, [], out var error));
        Assert.Contains($"at most {Cmcd.MaxKeys} keys", error, StringComparison.Ordinal);
    }
}
