using k8s.Models;

namespace Airwave.Kubernetes.Batch;

public static class JobCompletion
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";

    extension(V1Job job)
    {
        /// <summary>The finished condition (Complete or Failed) that is True, if any.</summary>
        public V1JobCondition? Finished =>
            job.Status?.Conditions?.FirstOrDefault(c => c.Type is Complete or Failed && c.Status == "True");
    }
}
