
namespace Airwave.Configuration.Tests;

public sealed class SettingValuesTests
{
    [Theory]
    [InlineData("10", 10_000)]
    [InlineData("10s", 10_000)]
    [InlineData(" 20s ", 20_000)]
    [InlineData("1m", 60_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.25", 250)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2m30s", 150_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("00:00:10", 10_000)]
    [InlineData("1.02:00:00", 93_600_000)]
    [InlineData("0", 0)]
    public void Durations_are_read_as_people_write_them(string text, long milliseconds)
    {
        Assert.True(SettingValues.TryParseDuration(text, out var duration), text);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("soon")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("-10")]
    [InlineData("1m 30s")]
    [InlineData("10 s")]
    [InlineData("1e3")]
    [InlineData("-00:00:10")]
    [InlineData("99999999999999999999h")]
    public void Anything_else_is_not_a_duration(string text)
    {
        Assert.False(SettingValues.TryParseDuration(text, out _), text);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("NO", false)]
    [InlineData("0", false)]
    public void Switches_accept_true_false_yes_no_one_and_zero_in_any_case(string text, bool expected)
    {
        Assert.True(SettingValues.TryParseBoolean(text, out var value), text);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("enabled")]
    [InlineData("2")]
    [InlineData("y")]
    public void Other_words_are_not_switches(string text)
    {
        Assert.False(SettingValues.TryParseBoolean(text, out _), text);
    }
}
