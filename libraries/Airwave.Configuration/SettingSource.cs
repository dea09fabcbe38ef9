using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Airwave.Configuration;

/// <summary>Where a configuration key got its value, in the words the user wrote it.</summary>
internal static class SettingSource
{
    /// <summary>"environment variable AIRWAVE_Operator__PollInterval", "Operator:PollInterval in /etc/airwave/config.json", or "setting Operator:PollInterval".</summary>
    public static string Describe(IConfiguration configuration, string key)
    {
        if (configuration is IConfigurationRoot root)
        {
            // The last provider that has the key is the one whose value the configuration returns.
            foreach (var provider in root.Providers.Reverse())
            {
                if (!provider.TryGet(key, out var value))
                {
                    continue;
                }

                return provider switch
                {
                    EnvironmentVariablesConfigurationProvider when EnvironmentVariable(key, value) is { } name => $"environment variable {name}",
                    FileConfigurationProvider file => $"{key} in {file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path}",
                    _ => $"setting {key}",
                };
            }
        }

        return $"setting {key}";
    }

    // The provider maps "__" to ":" and strips its prefix (AIRWAVE_); find the variable that maps to the key.
    private static string? EnvironmentVariable(string key, string? value)
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            var normalized = name.Replace("__", ":", StringComparison.Ordinal);
            if ((string?)entry.Value == value
                && normalized.EndsWith(key, StringComparison.OrdinalIgnoreCase)
                && (normalized.Length == key.Length || normalized[normalized.Length - key.Length - 1] == '_'))
            {
                return name;
            }
        }

        return null;
    }
}
