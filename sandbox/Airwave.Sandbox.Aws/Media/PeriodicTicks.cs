namespace Airwave.Sandbox.Aws.Media;

internal static class PeriodicTicks
{
    /// <summary>Waits for the timer's next tick; false once <paramref name="stop"/> is cancelled, so a loop over it ends.</summary>
    public static async Task<bool> NextAsync(this PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
