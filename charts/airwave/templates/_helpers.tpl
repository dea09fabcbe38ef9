{{/* The chart's name, shortened to the 63 characters a label value allows. */}}
{{- define "airwave.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of the release's objects: the release name, prefixed with the chart's unless it already contains it. */}}
{{- define "airwave.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "airwave.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "airwave.labels" -}}
helm.sh/chart: {{ include "airwave.chart" . }}
{{ include "airwave.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "airwave.selectorLabels" -}}
app.kubernetes.io/name: {{ include "airwave.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "airwave.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "airwave.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "airwave.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The signaling service's objects: the release's labels, as component signaling. */}}
{{- define "airwave.signalingLabels" -}}
helm.sh/chart: {{ include "airwave.chart" . }}
{{ include "airwave.signalingSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "airwave.signalingSelectorLabels" -}}
app.kubernetes.io/name: {{ include "airwave.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: signaling
{{- end }}

{{- define "airwave.signalingName" -}}
{{- printf "%s-signaling" (include "airwave.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "airwave.signalingImage" -}}
{{- printf "%s:%s" .Values.signaling.image.repository (default .Chart.AppVersion .Values.signaling.image.tag) }}
{{- end }}

{{/* The webhook service's objects: the release's labels, as component webhook. */}}
{{- define "airwave.webhookLabels" -}}
helm.sh/chart: {{ include "airwave.chart" . }}
{{ include "airwave.webhookSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "airwave.webhookSelectorLabels" -}}
app.kubernetes.io/name: {{ include "airwave.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: webhook
{{- end }}

{{- define "airwave.webhookName" -}}
{{- printf "%s-webhook" (include "airwave.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "airwave.webhookImage" -}}
{{- printf "%s:%s" .Values.webhook.image.repository (default .Chart.AppVersion .Values.webhook.image.tag) }}
{{- end }}

{{/* Whether the webhook pods take admission calls. */}}
{{- define "airwave.admissionEnabled" -}}
{{- if and .Values.webhook.enabled .Values.webhook.admission.enabled }}true{{ end }}
{{- end }}

{{/* Who issues the admission certificate: certManager or self (auto resolved against the cluster's APIs). */}}
{{- define "airwave.admissionIssuer" -}}
{{- $provider := .Values.webhook.admission.certificate.provider }}
{{- if eq $provider "auto" }}
{{- if .Capabilities.APIVersions.Has "cert-manager.io/v1" }}certManager{{ else }}self{{ end }}
{{- else }}{{ $provider }}{{ end }}
{{- end }}

{{/* The admission Service, and with -tls (cert-manager's) or -certificate (self-issued) its certificate's Secret. */}}
{{- define "airwave.admissionName" -}}
{{- printf "%s-admission" (include "airwave.webhookName" .) | trunc 59 | trimSuffix "-" }}
{{- end }}

{{/* The ValidatingWebhookConfiguration (cluster-scoped). */}}
{{- define "airwave.validationName" -}}
{{- printf "%s-validation" (include "airwave.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The rules of the webhook service's roles. */}}
{{- define "airwave.webhookRules" -}}
  # It reads VideoAssets into a cache and marks one (an annotation) when its provider calls back about it; a view
  # reads the VideoAsset or LiveStream it watches.
  - apiGroups: ["media.airwave.dev"]
    resources: ["videoassets"]
    verbs: ["get", "list", "watch", "patch"]
  # Admission reads a split's stream (the sessions it recorded) and, with a channel limit, the namespace's streams.
  - apiGroups: ["media.airwave.dev"]
    resources: ["livestreams"]
    verbs: ["get", "list"]
{{- if .Values.webhook.streamApi.enabled }}
  # /stream/start makes an upload stream and waits (a watch of that one stream) for the operator to start it, deleting
  # it when it does not; /stream/stop sets it Stopped. The admission policy <release>-webhook-streams keeps these
  # writes to S3Upload streams labelled as made by it.
  - apiGroups: ["media.airwave.dev"]
    resources: ["livestreams"]
    verbs: ["create", "patch", "delete", "watch"]
{{- end }}
{{- end }}

{{/*
The URLs viewers, encoders and apps reach carry playback tokens, WHIP bearer tokens and playlists' signed links:
they must be https unless allowHttpPublicUrls says otherwise (a test cluster without TLS).
*/}}
{{- define "airwave.httpsPublicUrls" -}}
{{- $urls := dict "config.livePlaybackBaseUrl" .Values.config.livePlaybackBaseUrl "webhook.publicUrl" .Values.webhook.publicUrl "signaling.publicUrl" .Values.signaling.publicUrl }}
{{- range $name := keys $urls | sortAlpha }}
{{- $url := get $urls $name }}
{{- if and (hasPrefix "http://" $url) (not $.Values.allowHttpPublicUrls) }}
{{- fail (printf "%s is %s: public URLs must be https, since playback tokens, stream keys and signed links travel over them; set allowHttpPublicUrls: true to allow http (a test cluster without TLS)" $name $url) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The namespace holding the leader-election Lease (and so the Role that grants it). */}}
{{- define "airwave.leaseNamespace" -}}
{{- default .Release.Namespace .Values.config.leaderElection.namespace }}
{{- end }}

{{/* /etc/airwave/config.json: the sections the operator binds (Operator, Aws, Mux, LeaderElection, Logging); unset values are left out so the operator's defaults apply. */}}
{{- define "airwave.config" -}}
{{- $c := .Values.config }}
{{- include "airwave.httpsPublicUrls" . }}
{{- $speke := dict }}
{{- with $c.speke.url }}{{ $_ := set $speke "Url" . }}{{ end }}
{{- with $c.speke.roleArn }}{{ $_ := set $speke "RoleArn" . }}{{ end }}
{{- if $c.speke.fairPlay }}{{ $_ := set $speke "FairPlay" true }}{{ end }}
{{- $roleArn := required "config.mediaLiveRoleArn is required: the IAM role MediaLive channels assume (--set config.mediaLiveRoleArn=arn:aws:iam::<account>:role/<role>)" $c.mediaLiveRoleArn }}
{{- $bucket := required "config.archiveBucket is required: the S3 bucket sessions are recorded to when a stream names none (--set config.archiveBucket=<bucket>)" $c.archiveBucket }}
{{- $operator := dict "MediaLiveRoleArn" $roleArn "ArchiveBucket" $bucket "MaxConcurrentReconciles" $c.maxConcurrentReconciles "IvsRecordingReconnectWindowSeconds" $c.ivsRecordingReconnectWindowSeconds "Speke" $speke }}
{{- with $c.contentKeys.kmsKeyId }}{{ $_ := set $operator "ContentKeys" (dict "KmsKeyId" .) }}{{ end }}
{{- with $c.clusterName }}{{ $_ := set $operator "ClusterName" . }}{{ end }}
{{- with $c.liveDistributionId }}{{ $_ := set $operator "LiveDistributionId" . }}{{ end }}
{{- with $c.livePlaybackBaseUrl }}{{ $_ := set $operator "LivePlaybackBaseUrl" . }}{{ end }}
{{- with $c.playbackKeyGroupId }}{{ $_ := set $operator "PlaybackKeyGroupId" . }}{{ end }}
{{- with $c.cdnAuthorization }}{{ if and .secretArn .roleArn }}{{ $_ := set $operator "CdnAuthorization" (dict "SecretArn" .secretArn "RoleArn" .roleArn) }}{{ end }}{{ end }}
{{- with $c.allowedArchiveBuckets }}{{ $_ := set $operator "AllowedArchiveBuckets" . }}{{ end }}
{{- $upload := dict "RefreshBefore" $c.upload.refreshBefore }}
{{- with $c.upload.roleArn }}{{ $_ := set $upload "RoleArn" . }}{{ end }}
{{- with $c.upload.originAccessControlId }}{{ $_ := set $upload "OriginAccessControlId" . }}{{ end }}
{{- if or $c.upload.roleArn $c.upload.originAccessControlId }}{{ $_ := set $operator "Upload" $upload }}{{ end }}
{{- with $c.maxRunningChannelsPerNamespace }}{{ $_ := set $operator "MaxRunningChannelsPerNamespace" . }}{{ end }}
{{- with $c.maxMonthlySpendUsdPerNamespace }}{{ $_ := set $operator "MaxMonthlySpendUsdPerNamespace" . }}{{ end }}
{{- with $c.stopAtMonthlySpendLimit }}{{ $_ := set $operator "StopAtMonthlySpendLimit" . }}{{ end }}
{{- with $c.budgets }}{{ $_ := set $operator "Budgets" . }}{{ end }}
{{- with $c.idleStopAfter }}{{ $_ := set $operator "IdleStopAfter" . }}{{ end }}
{{- $prices := deepCopy (omit $c.prices "regions") }}
{{- with get (default dict $c.prices.regions) $c.aws.region }}{{ $prices = mergeOverwrite $prices (deepCopy .) }}{{ end }}
{{- $_ := set $operator "Prices" $prices }}
{{- $clips := dict "FfmpegImage" $c.clips.ffmpegImage "UploadImage" $c.clips.uploadImage "BackoffLimit" $c.clips.backoffLimit }}
{{- with $c.clips.bucket }}{{ $_ := set $clips "Bucket" . }}{{ end }}
{{- with $c.clips.deniedEgressCidrs }}{{ $_ := set $clips "DeniedEgressCidrs" . }}{{ end }}
{{- $_ := set $operator "Clips" $clips }}
{{- $sfu := .Values.sfu }}
{{- $_ := set $operator "Sfu" (dict "Image" (printf "%s:%s" $sfu.image.repository (default .Chart.AppVersion $sfu.image.tag)) "ViewersPerPod" $sfu.viewersPerPod "ApiPort" $sfu.ports.api "EnginePort" $sfu.ports.engine "ManagementPort" $sfu.ports.management "AdminPort" $sfu.ports.admin "TurnPort" $sfu.ports.turn "ForwardPort" $sfu.ports.forward "MediaPorts" $sfu.mediaPorts "RelayPorts" $sfu.relayPorts "ScaleUpAt" $sfu.scaleUpAt "ScaleDownAt" $sfu.scaleDownAt "DrainTimeout" $sfu.drainTimeout "CpuRequest" $sfu.resources.cpuRequest "MemoryRequest" $sfu.resources.memoryRequest "MemoryLimit" $sfu.resources.memoryLimit) }}
{{- with .Values.signaling.publicUrl }}{{ $_ := set $operator.Sfu "SignalingUrl" . }}{{ end }}
{{- with $sfu.egressCidrs }}{{ $_ := set $operator.Sfu "EgressCidrs" . }}{{ end }}
{{- if .Values.signaling.enabled }}{{ $_ := set $operator.Sfu "ApiCallers" (dict "Namespace" .Release.Namespace "PodLabels" (include "airwave.signalingSelectorLabels" . | fromYaml)) }}{{ end }}
{{- $connector := .Values.connector }}
{{- $_ := set $operator "Connector" (dict "Image" (printf "%s:%s" $connector.image.repository (default .Chart.AppVersion $connector.image.tag)) "JoinTimeout" $connector.joinTimeout "AllowedMeetingHosts" $connector.allowedMeetingHosts "CpuRequest" $connector.resources.cpuRequest "MemoryRequest" $connector.resources.memoryRequest "MemoryLimit" $connector.resources.memoryLimit) }}
{{- with $connector.deniedEgressCidrs }}{{ $_ := set $operator.Connector "DeniedEgressCidrs" . }}{{ end }}
{{- if .Values.webhook.enabled }}{{ $_ := set $operator "Viewers" (dict "WebhookService" (include "airwave.webhookName" .) "WebhookNamespace" .Release.Namespace "WebhookManagementPort" .Values.webhook.managementPort) }}{{ end }}
{{- $videosOnAws := $c.videoAssets.aws }}
{{- $transcoder := .Values.transcoder }}
{{- $awsVideos := dict "KeyPrefix" $videosOnAws.keyPrefix "SignedKeyPrefix" $videosOnAws.signedKeyPrefix "ManageUploadCors" $videosOnAws.manageUploadCors "TranscoderImage" (printf "%s:%s" $transcoder.image.repository (default .Chart.AppVersion $transcoder.image.tag)) "MaxDuration" $videosOnAws.maxDuration "MaxSourceBytes" $videosOnAws.maxSourceBytes "JobDeadline" $videosOnAws.jobDeadline "BackoffLimit" $videosOnAws.backoffLimit "CpuRequest" $videosOnAws.resources.cpuRequest "MemoryRequest" $videosOnAws.resources.memoryRequest "MemoryLimit" $videosOnAws.resources.memoryLimit }}
{{- with $videosOnAws.bucket }}{{ $_ := set $awsVideos "Bucket" . }}{{ end }}
{{- with $videosOnAws.playbackBaseUrl }}{{ $_ := set $awsVideos "PlaybackBaseUrl" . }}{{ end }}
{{- with $videosOnAws.deniedEgressCidrs }}{{ $_ := set $awsVideos "DeniedEgressCidrs" . }}{{ end }}
{{- $_ := set $operator "VideoAssets" (dict "DefaultProvider" $c.videoAssets.defaultProvider "Aws" $awsVideos) }}
{{- with .Values.watchNamespaces }}{{ $_ := set $operator "WatchNamespaces" . }}{{ end }}
{{- if and .Values.webhook.enabled .Values.webhook.streamApi.enabled .Values.webhook.streamApi.apiKeyNamespaces }}{{ $_ := set $operator "StreamApiKeyNamespaces" .Values.webhook.streamApi.apiKeyNamespaces }}{{ end }}
{{- if include "airwave.namespaceAccessEnabled" . }}{{ $_ := set $operator "NamespaceAccessController" (printf "%s/%s" .Release.Namespace (include "airwave.namespaceAccessName" .)) }}{{ end }}
{{- $_ := set $operator "DefaultAllowedCidrs" $c.defaultAllowedCidrs }}
{{- $aws := dict "Region" $c.aws.region }}
{{- with $c.aws.endpointUrl }}{{ $_ := set $aws "EndpointUrl" . }}{{ end }}
{{- $mux := dict "ApiUrl" $c.mux.apiUrl "PlaybackUrlTemplate" $c.mux.playbackUrlTemplate "ThumbnailUrlTemplate" $c.mux.thumbnailUrlTemplate "UploadPollInterval" $c.mux.uploadPollInterval }}
{{- with $c.mux.videoQuality }}{{ $_ := set $mux "VideoQuality" . }}{{ end }}
{{- $election := dict "Enabled" $c.leaderElection.enabled "LeaseName" $c.leaderElection.leaseName "Namespace" (include "airwave.leaseNamespace" .) "LeaseDuration" $c.leaderElection.leaseDuration "RenewDeadline" $c.leaderElection.renewDeadline "RetryPeriod" $c.leaderElection.retryPeriod }}
{{- $logging := dict "LogLevel" (merge (dict "Default" $c.logLevel) $c.logLevels) }}
{{- dict "Operator" $operator "Aws" $aws "Mux" $mux "LeaderElection" $election "Logging" $logging | toPrettyJson }}
{{- end }}

{{/*
The operator's calls on the Airwave kinds themselves, granted cluster-wide (or in each of watchNamespaces): objects
of these kinds exist only in namespaces that hold them, and these rules cannot create one.
*/}}
{{- define "airwave.operatorClusterRules" -}}
  # The LiveStream, VideoAsset and ArchiveSplit informers list and watch; finalizers are added and removed with patches.
  - apiGroups: ["media.airwave.dev"]
    resources: ["livestreams", "videoassets", "archivesplits"]
    verbs: ["list", "watch", "patch"]
  - apiGroups: ["media.airwave.dev"]
    resources: ["livestreams/status", "videoassets/status", "archivesplits/status"]
    verbs: ["patch"]
{{- end }}

{{/*
The operator's writes in a namespace: granted in a namespace only while it holds a LiveStream, VideoAsset or
ArchiveSplit (the namespace-access controller binds the ClusterRole <release>-namespace there), or in each of
watchNamespaces.
*/}}
{{- define "airwave.operatorNamespaceRules" -}}
  # With spec.createAssets, an ArchiveSplit's clips become VideoAssets it owns.
  - apiGroups: ["media.airwave.dev"]
    resources: ["videoassets"]
    verbs: ["create"]
  # The ingest Secret's owner reference blocks the stream's deletion, which needs update on its finalizers
  # where the OwnerReferencesPermissionEnforcement admission plugin runs.
  - apiGroups: ["media.airwave.dev"]
    resources: ["livestreams/finalizers"]
    verbs: ["update"]
  # The clip Jobs, Secrets and VideoAssets are owned by their ArchiveSplit, with blockOwnerDeletion.
  - apiGroups: ["media.airwave.dev"]
    resources: ["archivesplits/finalizers"]
    verbs: ["update"]
  # A VideoAsset on AWS: its transcode Job, Secret and NetworkPolicy are owned by it, with blockOwnerDeletion.
  - apiGroups: ["media.airwave.dev"]
    resources: ["videoassets/finalizers"]
    verbs: ["update"]
  # An ArchiveSplit's sections are cut by Jobs, and a VideoAsset on AWS is transcoded by one; found by the owner's uid
  # label, deleted when a section or source changes, or once done. A transcode Job's annotation says until when its
  # plan's presigned URLs work, patched when they are signed again.
  - apiGroups: ["batch"]
    resources: ["jobs"]
    verbs: ["list", "create", "patch", "delete"]
  # Each stream's ingest Secret (stream key) and a WebRtc stream's SFU Secret (engine keys), and each clip or transcode
  # Job's Secret of presigned URLs: created, or replaced whole; a Job's deleted once the Job is done; the Secret
  # airwave-mux-signing-key in which earlier versions kept a namespace's signing key, deleted. Never read, listed or
  # watched: the operator cannot read a team's Secrets, and the admission policy keeps it from replacing or deleting
  # one that is not its own.
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create", "update", "delete"]
  # A WebRtc stream's SFU pods and a Chime stream's meeting connector: their Deployments and the SFU pods' headless
  # Service, by name, made and changed with server-side apply (which needs create to make one); a connector's
  # Deployment deleted when its stream stops, and a deleted stream's leftovers when one of its name is made again;
  # the pods listed by the stream's label for their readiness and load, and an SFU pod that is to leave annotated to
  # drain (and to be the one its ReplicaSet removes).
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "create", "patch", "delete"]
  - apiGroups: [""]
    resources: ["services"]
    verbs: ["get", "create", "patch"]
  # A connector pod's and a split's clip Jobs' egress NetworkPolicy, and the SFU pods' ingress one (read, to apply it
  # only when it changed, and deleted when a deleted earlier stream of the name left it), applied (server-side) before
  # the pods; each goes with its stream or split.
  - apiGroups: ["networking.k8s.io"]
    resources: ["networkpolicies"]
    verbs: ["get", "create", "patch", "delete"]
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["list", "patch"]
  # Events, written through core v1 with the fields of both event APIs; a repeat raises the first one's count with a
  # patch.
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}

{{/*
The static AWS credentials (config.aws.credentialsSecret) as environment variables, for the operator and the
webhook service; nothing where IRSA or Pod Identity gives them.
*/}}
{{- define "airwave.awsCredentialsEnv" -}}
{{- with .Values.config.aws.credentialsSecret -}}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: AWS_ACCESS_KEY_ID
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: AWS_SECRET_ACCESS_KEY
- name: AWS_SESSION_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: AWS_SESSION_TOKEN
      optional: true
{{- end }}
{{- end }}

{{/*
Where the operator, the webhook and the signaling service send their traces (otel.endpoint), as the standard
OTEL_* variables; nothing while it is empty, and then nothing is traced.
*/}}
{{- define "airwave.otelEnv" -}}
{{- with .Values.otel.endpoint -}}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
- name: OTEL_EXPORTER_OTLP_PROTOCOL
  value: {{ $.Values.otel.protocol | quote }}
{{- end }}
{{- end }}

{{/* The namespace-access controller's objects: the release's labels, as component namespace-access. */}}
{{- define "airwave.namespaceAccessLabels" -}}
helm.sh/chart: {{ include "airwave.chart" . }}
{{ include "airwave.namespaceAccessSelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "airwave.namespaceAccessSelectorLabels" -}}
app.kubernetes.io/name: {{ include "airwave.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: namespace-access
{{- end }}

{{- define "airwave.namespaceAccessName" -}}
{{- printf "%s-namespace-access" (include "airwave.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The ClusterRole of the operator's writes in a namespace, which the namespace-access controller binds. */}}
{{- define "airwave.operatorNamespaceRole" -}}
{{- printf "%s-namespace" (include "airwave.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Whether the namespace-access controller runs: a cluster-wide install whose RBAC the chart makes. */}}
{{- define "airwave.namespaceAccessEnabled" -}}
{{- if and .Values.rbac.create (not .Values.watchNamespaces) }}true{{ end }}
{{- end }}

{{/*
The DOWNSTREAM_SERVICE_* settings of the sink named default, for a service that publishes events (only while
downstream.enabled).
*/}}
{{- define "airwave.downstreamEnv" -}}
{{- with .Values.downstream }}
- name: DOWNSTREAM_SERVICE_ENABLED
  value: "true"
- name: DOWNSTREAM_SERVICE_URL
  value: {{ required "downstream.url is required when downstream.enabled is true" .url | quote }}
{{- with .tokenSecret.name }}
- name: DOWNSTREAM_SERVICE_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: {{ $.Values.downstream.tokenSecret.key }}
{{- end }}
- name: DOWNSTREAM_SERVICE_TIMEOUT
  value: {{ printf "%ds" (int .timeoutSeconds) | quote }}
- name: DOWNSTREAM_SERVICE_RETRY_ATTEMPTS
  value: {{ .retryAttempts | quote }}
- name: DOWNSTREAM_SERVICE_BATCH_SIZE
  value: {{ .batchSize | quote }}
- name: DOWNSTREAM_SERVICE_FORMAT
  value: {{ .format | quote }}
- name: DOWNSTREAM_SERVICE_ENABLE_ANALYTICS
  value: {{ .enableAnalytics | quote }}
- name: DOWNSTREAM_SERVICE_ENABLE_EVENTS
  value: {{ .enableEvents | quote }}
{{- end }}
{{- end }}

{{/* A number of seconds as the services read a duration: h:mm:ss. */}}
{{- define "airwave.duration" -}}
{{- $s := int . -}}
{{- printf "%d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end }}
