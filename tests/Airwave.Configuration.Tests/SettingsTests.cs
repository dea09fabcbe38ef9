using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration.Tests;

public sealed class SettingsTests
{
    public enum Shade
    {
        Light,
        Dark,
    }

    public sealed record Example : ISettingsSection<Example>
    {
        public static JsonTypeInfo<Example> JsonType => ExampleJson.Default.Example;

        public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

        public bool Enabled { get; init; } = true;

        public int Count { get; init; } = 4;

        public decimal? Price { get; init; }

        public Shade Shade { get; init; } = Shade.Light;

        public Uri? Home { get; init; }

        public string Name { get; init; } = "example";

        public IReadOnlyList<Nested> Items { get; init; } = [];

        public IReadOnlyList<string> Tags { get; init; } = ["default"];

        public IReadOnlyDictionary<string, Nested>? ByName { get; init; }

        public Nested Inner { get; init; } = new() { Timeout = TimeSpan.FromSeconds(3) };

        public string Summary => $"{Name} every {Interval}";
    }

    // In a list or a map: settable properties, so a configured item keeps the defaults it does not name.
    public sealed record Nested
    {
        public TimeSpan Timeout { get; set; }

        public int Retries { get; set; } = 2;
    }

    public sealed record Unmakeable : ISettingsSection<Unmakeable>
    {
        public static JsonTypeInfo<Unmakeable> JsonType => ExampleJson.Default.Unmakeable;

        public IReadOnlyList<InitOnly> Items { get; init; } = [];
    }

    public sealed record InitOnly
    {
        public int Retries { get; init; } = 2;
    }

    [Fact]
    public void Lists_maps_enums_numbers_and_urls_are_read_and_a_configured_list_replaces_the_default()
    {
        var configuration = InMemory(new()
        {
            ["Example:Price"] = "1.25",
            ["Example:Shade"] = "dark",
            ["Example:Home"] = "https://example.com/",
            ["Example:Tags:0"] = "first",
            ["Example:Tags:1"] = "second",
            ["Example:Tags:10"] = "eleventh",
            ["Example:ByName:Fast:Timeout"] = "1s",
            ["Example:Inner:Retries"] = "5",
            ["Example:Summary"] = "ignored",
        });

        var example = Settings.Bind<Example>(configuration, "Example");

        Assert.Equal(1.25m, example.Price);
        Assert.Equal(Shade.Dark, example.Shade);
        Assert.Equal(new Uri("https://example.com/"), example.Home);
        Assert.Equal(["first", "second", "eleventh"], example.Tags);
        Assert.Equal(new Nested { Timeout = TimeSpan.FromSeconds(1) }, Assert.Single(example.ByName!).Value);
        Assert.Equal(new Nested { Timeout = TimeSpan.FromSeconds(3), Retries = 5 }, example.Inner);
        Assert.Equal("example", example.Name);
    }

    [Fact]
    public void An_empty_value_is_an_empty_string_and_leaves_any_other_setting_at_its_default()
    {
        var example = Settings.Bind<Example>(InMemory(new() { ["Example:Count"] = "", ["Example:Name"] = "", ["Example:Interval"] = "", ["Example:Shade"] = "" }), "Example");

        Assert.Equivalent(new Example { Name = "" }, example, strict: true);
    }

    [Fact]
    public void A_bound_section_reads_durations_and_switches_in_every_accepted_form()
    {
        var configuration = InMemory(new()
        {
            ["Example:Interval"] = "500ms",
            ["Example:Enabled"] = "no",
            ["Example:Items:0:Timeout"] = "1m",
        });

        var example = Settings.Bind<Example>(configuration, "Example");

        Assert.Equal(TimeSpan.FromMilliseconds(500), example.Interval);
        Assert.False(example.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(example.Items).Timeout);
        Assert.Equal(4, example.Count);
    }

    [Fact]
    public void An_absent_section_gives_the_defaults()
    {
        Assert.Equivalent(new Example(), Settings.Bind<Example>(InMemory(new()), "Example"), strict: true);
    }

    [Fact]
    public void A_list_of_objects_whose_defaults_cannot_be_kept_is_refused_even_when_nothing_is_configured()
    {
        var error = Assert.Throws<NotSupportedException>(() => Settings.Bind<Unmakeable>(InMemory(new()), "Unmakeable"));

        Assert.Contains("InitOnly with its defaults: give it settable properties", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Example:Interval", "soon", "a duration such as 10 (seconds), 10s, 1m, 1h30m or 500ms")]
    [InlineData("Example:Enabled", "maybe", "one of true, false, yes, no, 1 or 0")]
    [InlineData("Example:Count", "four", "a whole number")]
    [InlineData("Example:Items:0:Timeout", "10x", "a duration such as")]
    [InlineData("Example:ByName:Fast:Retries", "2.5", "a whole number")]
    [InlineData("Example:Price", "cheap", "a number")]
    [InlineData("Example:Shade", "Purple", "one of Light, Dark")]
    public void A_value_that_does_not_convert_names_the_setting_and_the_value_in_one_line(string key, string value, string expected)
    {
        var error = Assert.Throws<SettingException>(() => Settings.Bind<Example>(InMemory(new() { [key] = value }), "Example"));

        Assert.StartsWith($"setting {key} is \"{value}\", which is not {expected}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_value_from_an_environment_variable_is_named_by_the_variable()
    {
        // A variable no other test reads, with the operator's prefix and nesting.
        const string Variable = "AIRWAVE_SettingsTests__Interval";
        Environment.SetEnvironmentVariable(Variable, "10 seconds");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables("AIRWAVE_").Build();

            var error = Assert.Throws<SettingException>(() => Settings.Bind<Example>(configuration, "SettingsTests"));

            Assert.StartsWith($"environment variable {Variable} is \"10 seconds\", which is not a duration", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void A_value_from_a_json_file_is_named_by_its_key_and_the_file()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("airwave-settings-").FullName, "config.json");
        File.WriteAllText(file, """{ "Example": { "Enabled": "sometimes" } }""");

        var error = Assert.Throws<SettingException>(() => Settings.Bind<Example>(new ConfigurationBuilder().AddJsonFile(file).Build(), "Example"));

        Assert.StartsWith($"Example:Enabled in {file} is \"sometimes\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_values_are_read_the_same_way_and_empty_means_unset()
    {
        var configuration = InMemory(new()
        {
            ["TIMEOUT"] = "20s",
            ["ENABLED"] = "YES",
            ["ATTEMPTS"] = "5",
            ["URL"] = "https://events.example.com/ingest",
            ["EMPTY"] = "",
        });

        Assert.Equal(TimeSpan.FromSeconds(20), Settings.GetDuration(configuration, "TIMEOUT"));
        Assert.True(Settings.GetBoolean(configuration, "ENABLED"));
        Assert.Equal(5, Settings.GetInt32(configuration, "ATTEMPTS", minimum: 1));
        Assert.Equal(new Uri("https://events.example.com/ingest"), Settings.GetUrl(configuration, "URL"));
        Assert.Null(Settings.GetDuration(configuration, "EMPTY"));
        Assert.Null(Settings.GetBoolean(configuration, "MISSING"));
    }

    [Theory]
    [InlineData("ATTEMPTS", "0", "a whole number of at least 1")]
    [InlineData("URL", "events.example.com", "an absolute http or https URL")]
    public void Single_values_out_of_range_say_what_is_expected(string key, string value, string expected)
    {
        var configuration = InMemory(new() { [key] = value });

        var error = Assert.Throws<SettingException>(() => key == "URL" ? Settings.GetUrl(configuration, key) : (object?)Settings.GetInt32(configuration, key, minimum: 1));

        Assert.Equal($"setting {key} is \"{value}\", which is not {expected}", error.Message);
    }

    private static IConfigurationRoot InMemory(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}

[JsonSerializable(typeof(SettingsTests.Example))]
[JsonSerializable(typeof(SettingsTests.Unmakeable))]
internal sealed partial class ExampleJson : JsonSerializerContext;
