namespace Airwave.Configuration;

/// <summary>
/// A setting the operator cannot start with. The message is one line that names the setting where the user wrote it
/// (an environment variable, a key of the --config file) and what is wrong with it; startup prints it and exits.
/// </summary>
public sealed class SettingException : Exception
{
    public SettingException()
    {
    }

    public SettingException(string message)
        : base(message)
    {
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
