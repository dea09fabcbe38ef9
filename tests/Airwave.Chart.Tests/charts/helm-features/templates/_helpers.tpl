{{- define "features.name" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end }}
