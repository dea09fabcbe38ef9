using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Controllers;
using Airwave.Operator.Configuration;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Spending;

/// <summary>
/// Reads the spend ledger when this replica begins to lead (another leader may have written it since), and again at
/// each resync interval; a failed read is tried again at the poll interval.
/// </summary>
public sealed partial class SpendLedgerController(NamespaceSpend spend, OperatorOptions options, TimeProvider time, ILogger<SpendLedgerController> logger) : IController
{
    public string Name => "spend-ledger";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var wait = options.ResyncInterval;
                try
                {
                    await spend.ReadAsync(cancellationToken);
                }
                catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
                {
                    LogUnread(logger, e.Message);
                    wait = options.PollInterval;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: shutdown or lost leadership.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the spend ledger, which counts deleted resources' spend toward their namespace's monthly limit: {Reason}")]
    private static partial void LogUnread(ILogger logger, string reason);
}
