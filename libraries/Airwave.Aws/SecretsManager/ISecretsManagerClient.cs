namespace Airwave.Aws.SecretsManager;

/// <summary>What Airwave reads of AWS Secrets Manager: a secret's current string.</summary>
public interface ISecretsManagerClient
{
    /// <summary>The <c>AWSCURRENT</c> version's <c>SecretString</c> of the secret with this ARN or name; null when it holds binary data.</summary>
    Task<string?> GetSecretStringAsync(string secretId, CancellationToken cancellationToken);
}
