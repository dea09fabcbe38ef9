namespace Airwave.Kubernetes.Tests.Support;

internal sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string? ContentType, string Body, string? ClientCertificateSubject);
