{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "mailcellar.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name; a component name is appended to it, so keep room. */}}
{{- define "mailcellar.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else if contains (include "mailcellar.name" .) .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "mailcellar.name" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "mailcellar.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "mailcellar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mailcellar
{{- end -}}

{{- define "mailcellar.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mailcellar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mailcellar.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "mailcellar.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "mailcellar.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
The components this release deploys: one "all" (every role) or one per role.
Each is name=<component>, roles=<mailcellar.roles>, and its own settings.
*/}}
{{- define "mailcellar.components" -}}
{{- if .Values.split -}}
api: {{ dict "roles" "api" "replicaCount" .Values.roles.api.replicaCount "resources" .Values.roles.api.resources | toJson }}
poller: {{ dict "roles" "poller" "replicaCount" .Values.roles.poller.replicaCount "resources" .Values.roles.poller.resources | toJson }}
archiver: {{ dict "roles" "archiver" "replicaCount" .Values.roles.archiver.replicaCount "resources" .Values.roles.archiver.resources "autoscaling" .Values.roles.archiver.autoscaling | toJson }}
{{- else -}}
all: {{ dict "roles" "api,poller,archiver" "replicaCount" .Values.combined.replicaCount "resources" .Values.combined.resources | toJson }}
{{- end -}}
{{- end -}}

{{/* An operator's Secret: the name given, else <fullname>-<suffix>. Call with (list $ name suffix). */}}
{{- define "mailcellar.secret" -}}
{{- $root := index . 0 -}}
{{- default (printf "%s-%s" (include "mailcellar.fullname" $root) (index . 2)) (index . 1) -}}
{{- end -}}

{{/* The ConfigMap every component reads its settings from. */}}
{{- define "mailcellar.configName" -}}
{{- include "mailcellar.fullname" . -}}
{{- end -}}

{{/* True when a component runs a role: (list $component.roles "api"). */}}
{{- define "mailcellar.runs" -}}
{{- if has (index . 1) (splitList "," (index . 0)) -}}true{{- end -}}
{{- end -}}

{{/* The container environment of one component. Secrets come from the operator's own Secrets. */}}
{{- define "mailcellar.env" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $v := $root.Values -}}
- name: MAILCELLAR_ROLES
  value: {{ $component.roles | quote }}
- name: MAILCELLAR_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "mailcellar.secret" (list $root $v.s3.existingSecret "s3") }}
      key: {{ $v.s3.accessKeyKey }}
- name: MAILCELLAR_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "mailcellar.secret" (list $root $v.s3.existingSecret "s3") }}
      key: {{ $v.s3.secretKeyKey }}
{{- if or (include "mailcellar.runs" (list $component.roles "api")) (include "mailcellar.runs" (list $component.roles "poller")) }}
{{- range $v.sealing.keys }}
- name: {{ printf "MAILCELLAR_SEALING_KEYS_%s" (upper .) }}
  valueFrom:
    secretKeyRef:
      name: {{ include "mailcellar.secret" (list $root $v.sealing.existingSecret "sealing") }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- if include "mailcellar.runs" (list $component.roles "api") }}
{{- range $name, $role := $v.apiTokens.roles }}
- name: {{ printf "MAILCELLAR_API_TOKENS_%s" (upper $name) }}
  valueFrom:
    secretKeyRef:
      name: {{ include "mailcellar.secret" (list $root $v.apiTokens.existingSecret "api-tokens") }}
      key: {{ $name }}
- name: {{ printf "MAILCELLAR_API_TOKEN_ROLES_%s" (upper $name) }}
  value: {{ $role | quote }}
{{- end }}
{{- if $v.dashboard.oidc.enabled }}
- name: QUARKUS_OIDC_DASHBOARD_CREDENTIALS_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "dashboard.oidc.existingSecret: the Secret holding the client secret" $v.dashboard.oidc.existingSecret }}
      key: {{ $v.dashboard.oidc.secretKey }}
{{- end }}
{{- if $v.alerts.existingSecret }}
- name: MAILCELLAR_ALERTS_WEBHOOK_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.alerts.existingSecret }}
      key: {{ $v.alerts.urlKey }}
{{- end }}
{{- end }}
{{- if hasPrefix "SASL" $v.kafka.securityProtocol }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret: name the Secret holding the SASL JAAS configuration" $v.kafka.sasl.existingSecret }}
      key: {{ $v.kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if include "mailcellar.runs" (list $component.roles "archiver") }}
- name: MAILCELLAR_ARCHIVE_CONCURRENCY
  value: {{ $v.roles.archiver.concurrency | quote }}
- name: MAILCELLAR_ARCHIVE_READ_BACK
  value: {{ $v.roles.archiver.readBack | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
