using System.Security.Cryptography;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>The random ids IVS gives its resources and recordings: letters and digits.</summary>
internal static class IvsIds
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New(int length) => RandomNumberGenerator.GetString(Alphanumeric, length);
}
