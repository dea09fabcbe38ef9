using System.Text;
using Airwave.Events.Signing;

namespace Airwave.Events.Tests;

public sealed class SigningTests
{
    [Fact]
    public void Signatures_match_the_Standard_Webhooks_example()
    {
        // The example of the Standard Webhooks specification's reference libraries.
        var signer = new WebhookSigner([WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]);

        var signature = signer.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Two_secrets_give_two_space_separated_signatures()
    {
        var secrets = WebhookSecret.ParseList("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_" + Convert.ToBase64String(new byte[32]));

        var signature = new WebhookSigner(secrets).Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"));

        var parts = signature.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[0]);
        Assert.StartsWith("v1,", parts[1], StringComparison.Ordinal);
        Assert.NotEqual(parts[0], parts[1]);
    }

    [Fact]
    public void A_malformed_secret_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<FormatException>(() => WebhookSecret.Parse("whsec_not base64!"));

        Assert.DoesNotContain("not base64!", error.Message, StringComparison.Ordinal);
        Assert.Equal("whsec_***", WebhookSecret.Parse(WebhookSecret.Generate()).ToString());
    }
}
