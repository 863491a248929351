{{/*
The platform's services and who calls whom over gRPC (DESIGN §2). The NetworkPolicies are
derived from `calls`: a service's egress to each callee's gRPC port, and each callee's ingress
from its callers, so the two sides can never disagree.
  name:            the service's name (app.kubernetes.io/name, resource name suffix)
  envPrefix:       prefix of its port and database variables (REGISTRY_GRPC_PORT, ...)
  grpc:            it serves gRPC (and the grpc.health.v1 service its probes ask)
  datastores:      it talks to Kafka and MongoDB
  publicHttp:      its HTTP port is reached from outside the platform (partners, operators)
  internetEgress:  it calls partners' webhooks on the public internet
*/}}
{{- define "bakuun-webhooks.catalogue" -}}
endpointRegistry:
  name: endpoint-registry
  envPrefix: REGISTRY
  grpc: true
  datastores: true
  calls: [keyManagement]
keyManagement:
  name: key-management
  envPrefix: KEYS
  grpc: true
  datastores: true
  calls: [endpointRegistry]
delivery:
  name: delivery
  envPrefix: DELIVERY
  grpc: true
  datastores: true
  internetEgress: true
  calls: [endpointRegistry, keyManagement]
inboundEdge:
  name: inbound-edge
  envPrefix: INBOUND
  grpc: false
  datastores: true
  publicHttp: true
  calls: [keyManagement]
metrics:
  name: metrics
  envPrefix: METRICS
  grpc: true
  datastores: true
  calls: [endpointRegistry]
console:
  name: console
  envPrefix: CONSOLE
  grpc: false
  datastores: false
  publicHttp: true
  calls: [endpointRegistry, keyManagement, metrics]
{{- end }}

{{/* The catalogue's keys in a stable order: every template renders services in this order. */}}
{{- define "bakuun-webhooks.serviceKeys" -}}
{{- list "endpointRegistry" "keyManagement" "delivery" "inboundEdge" "metrics" "console" | toJson -}}
{{- end }}

{{- define "bakuun-webhooks.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name: the release name when it already contains the chart name,
else `<release>-<chart>`.
*/}}
{{- define "bakuun-webhooks.fullname" -}}
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

{{- define "bakuun-webhooks.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of one workload's resources. Args: root, name (a catalogue name or "kafka-topics"). */}}
{{- define "bakuun-webhooks.componentName" -}}
{{- printf "%s-%s" (include "bakuun-webhooks.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels (name + instance), immutable once deployed. Args: root, name.
*/}}
{{- define "bakuun-webhooks.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Standard labels of every object. Args: root, name. */}}
{{- define "bakuun-webhooks.labels" -}}
helm.sh/chart: {{ include "bakuun-webhooks.chart" .root }}
{{ include "bakuun-webhooks.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: {{ include "bakuun-webhooks.name" .root }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* metadata.annotations from commonAnnotations plus extra ones. Args: root, extra (map, optional). */}}
{{- define "bakuun-webhooks.annotations" -}}
{{- $all := merge (deepCopy (default dict .extra)) (deepCopy .root.Values.commonAnnotations) }}
{{- with $all }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* A service's image reference. Args: root, svc (its values). */}}
{{- define "bakuun-webhooks.image" -}}
{{- $image := .svc.image }}
{{- $registry := .root.Values.image.registry }}
{{- $repository := $image.repository }}
{{- if $registry }}{{ $repository = printf "%s/%s" (trimSuffix "/" $registry) $image.repository }}{{ end }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default (default .root.Chart.AppVersion .root.Values.image.tag) $image.tag) }}
{{- end }}
{{- end }}

{{/* In-cluster gRPC address of a service of this release. Args: root, key (catalogue key). */}}
{{- define "bakuun-webhooks.grpcAddress" -}}
{{- $catalogue := include "bakuun-webhooks.catalogue" . | fromYaml }}
{{- $entry := index $catalogue .key }}
{{- $svc := index .root.Values .key }}
{{- printf "%s.%s.svc.%s:%v" (include "bakuun-webhooks.componentName" (dict "root" .root "name" $entry.name)) .root.Release.Namespace .root.Values.clusterDomain $svc.ports.grpc }}
{{- end }}

{{/* A gRPC address from values, else this release's service (which must then be enabled). Args: root, key, override. */}}
{{- define "bakuun-webhooks.dependencyAddress" -}}
{{- if .override }}
{{- .override }}
{{- else }}
{{- $svc := index .root.Values .key }}
{{- if not $svc.enabled }}
{{- fail (printf "%s.enabled is false: set the address of the %s this release should call instead" .key .key) }}
{{- end }}
{{- include "bakuun-webhooks.grpcAddress" (dict "root" .root "key" .key) }}
{{- end }}
{{- end }}

{{/*
The inbound base URL the registry hands out (inbound-edge serves it): explicit value, else
https://<first inboundEdge ingress host>, else the in-cluster inbound-edge address.
*/}}
{{- define "bakuun-webhooks.inboundBaseUrl" -}}
{{- $v := .Values }}
{{- if $v.endpointRegistry.config.inboundBaseUrl }}
{{- $v.endpointRegistry.config.inboundBaseUrl }}
{{- else if and $v.inboundEdge.enabled $v.inboundEdge.ingress.enabled $v.inboundEdge.ingress.hosts }}
{{- printf "https://%s" (first $v.inboundEdge.ingress.hosts) }}
{{- else }}
{{- printf "http://%s.%s.svc.%s:%v" (include "bakuun-webhooks.componentName" (dict "root" . "name" "inbound-edge")) .Release.Namespace .Values.clusterDomain $v.inboundEdge.ports.http }}
{{- end }}
{{- end }}

{{/* Non-secret environment of a service (its ConfigMap's data). Args: root, key. */}}
{{- define "bakuun-webhooks.config" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $svc := index $v .key }}
{{- $entry := index (include "bakuun-webhooks.catalogue" . | fromYaml) .key }}
{{- $p := $entry.envPrefix }}
BIND_HOST: "0.0.0.0"
LOG_LEVEL: {{ default $v.logLevel $svc.logLevel | quote }}
{{- if $entry.grpc }}
{{ $p }}_GRPC_PORT: {{ $svc.ports.grpc | quote }}
{{- end }}
{{ $p }}_HTTP_PORT: {{ $svc.ports.http | quote }}
{{- if $entry.datastores }}
{{ $p }}_DATABASE: {{ $svc.config.database | quote }}
KAFKA_BROKERS: {{ join "," $v.kafka.brokers | quote }}
{{- end }}
{{- if eq .key "endpointRegistry" }}
KEY_MANAGEMENT_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "keyManagement" "override" $svc.config.keyManagementUrl) | quote }}
INBOUND_BASE_URL: {{ include "bakuun-webhooks.inboundBaseUrl" $root | quote }}
ALLOW_INSECURE_LOOPBACK_URLS: "false"
RESOLVE_URL_ON_SET: {{ $svc.config.resolveUrlOnSet | quote }}
LOG_POLL_INTERVAL_MS: {{ $svc.config.logPollIntervalMs | quote }}
ENDPOINT_EVENTS_TOPIC: {{ $v.kafka.endpointEventsTopic | quote }}
ENDPOINT_HEALTH_TOPIC: {{ $v.kafka.endpointHealthTopic | quote }}
REGISTRY_CONSUMER_GROUP: {{ $svc.config.consumerGroup | quote }}
{{- else if eq .key "keyManagement" }}
REGISTRY_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "endpointRegistry" "override" $svc.config.registryUrl) | quote }}
ENDPOINT_EVENTS_TOPIC: {{ $v.kafka.endpointEventsTopic | quote }}
KEYS_CONSUMER_GROUP: {{ $svc.config.consumerGroup | quote }}
KEY_ENVIRONMENT: {{ $svc.config.keyEnvironment | quote }}
{{- else if eq .key "delivery" }}
REGISTRY_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "endpointRegistry" "override" $svc.config.registryUrl) | quote }}
KEY_MANAGEMENT_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "keyManagement" "override" $svc.config.keyManagementUrl) | quote }}
ALLOW_INSECURE_LOOPBACK_URLS: "false"
ENDPOINT_EVENTS_TOPIC: {{ $v.kafka.endpointEventsTopic | quote }}
{{- else if eq .key "inboundEdge" }}
KEY_MANAGEMENT_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "keyManagement" "override" $svc.config.keyManagementUrl) | quote }}
ENDPOINT_EVENTS_TOPIC: {{ $v.kafka.endpointEventsTopic | quote }}
MAPPING_CONSUMER_GROUP: {{ $svc.config.consumerGroup | quote }}
INBOUND_KEY_CACHE_MS: {{ $svc.config.keyCacheMs | int64 | quote }}
INBOUND_MAX_BODY_BYTES: {{ $svc.config.maxBodyBytes | int64 | quote }}
INBOUND_RATE_LIMIT_PER_SECOND: {{ $svc.config.rateLimitPerSecond | quote }}
INBOUND_RATE_LIMIT_BURST: {{ $svc.config.rateLimitBurst | int64 | quote }}
INBOUND_IDEMPOTENCY_LEASE_MS: {{ $svc.config.idempotencyLeaseMs | int64 | quote }}
INBOUND_PRODUCE_TIMEOUT_MS: {{ $svc.config.produceTimeoutMs | int64 | quote }}
{{- else if eq .key "metrics" }}
REGISTRY_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "endpointRegistry" "override" $svc.config.registryUrl) | quote }}
{{- else if eq .key "console" }}
REGISTRY_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "endpointRegistry" "override" $svc.config.registryUrl) | quote }}
KEY_MANAGEMENT_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "keyManagement" "override" $svc.config.keyManagementUrl) | quote }}
METRICS_URL: {{ include "bakuun-webhooks.dependencyAddress" (dict "root" $root "key" "metrics" "override" $svc.config.metricsUrl) | quote }}
{{- end }}
{{- end }}

{{/* Pod-level security context of every pod. */}}
{{- define "bakuun-webhooks.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
fsGroup: {{ .Values.podSecurityContext.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Container-level security context of every container: nothing is configurable to weaken it. */}}
{{- define "bakuun-webhooks.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.podSecurityContext.runAsUser }}
runAsGroup: {{ .Values.podSecurityContext.runAsGroup }}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The writable /tmp of every pod (the root filesystem is read-only). */}}
{{- define "bakuun-webhooks.tmpVolume" -}}
- name: tmp
  emptyDir:
    {{- with .Values.tmpVolume.medium }}
    medium: {{ . }}
    {{- end }}
    sizeLimit: {{ .Values.tmpVolume.sizeLimit }}
{{- end }}

{{/* One probe. Args: probe (values), ports. gRPC probes ask the grpc.health.v1 service. */}}
{{- define "bakuun-webhooks.probe" -}}
{{- $probe := .probe }}
{{- if eq $probe.type "grpc" }}
grpc:
  port: {{ required "a grpc probe needs a gRPC port" .ports.grpc }}
{{- else }}
httpGet:
  path: {{ $probe.path }}
  port: http
{{- end }}
{{- with $probe.initialDelaySeconds }}
initialDelaySeconds: {{ . }}
{{- end }}
periodSeconds: {{ $probe.periodSeconds }}
timeoutSeconds: {{ $probe.timeoutSeconds }}
failureThreshold: {{ $probe.failureThreshold }}
{{- end }}

{{/* Spread over nodes and zones unless the values say otherwise. Args: root, svc, name. */}}
{{- define "bakuun-webhooks.topologySpread" -}}
{{- if .svc.topologySpreadConstraints }}
{{- toYaml .svc.topologySpreadConstraints }}
{{- else }}
{{- range $key := list "kubernetes.io/hostname" "topology.kubernetes.io/zone" }}
- maxSkew: 1
  topologyKey: {{ $key }}
  whenUnsatisfiable: ScheduleAnyway
  labelSelector:
    matchLabels:
      {{- include "bakuun-webhooks.selectorLabels" (dict "root" $.root "name" $.name) | nindent 6 }}
  matchLabelKeys: ["pod-template-hash"]
{{- end }}
{{- end }}
{{- end }}

{{/* Peers of a NetworkPolicy rule; renders nothing (= any peer) for an empty list. Args: key ("to"/"from"), peers. */}}
{{- define "bakuun-webhooks.peers" -}}
{{- with .peers }}
{{ $.key }}:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* TCP ports of a NetworkPolicy rule. Args: ports (list of numbers). */}}
{{- define "bakuun-webhooks.tcpPorts" -}}
ports:
{{- range .ports }}
  - protocol: TCP
    port: {{ . }}
{{- end }}
{{- end }}

{{/* Egress to DNS, Kafka and MongoDB, shared by the services and the topic Job. Args: root, mongo (bool). */}}
{{- define "bakuun-webhooks.commonEgress" -}}
{{- $np := .root.Values.networkPolicy }}
- {{- include "bakuun-webhooks.peers" (dict "key" "to" "peers" $np.dns.to) | nindent 2 }}
  ports:
  {{- range $np.dns.ports }}
    - protocol: UDP
      port: {{ . }}
    - protocol: TCP
      port: {{ . }}
  {{- end }}
- {{- include "bakuun-webhooks.peers" (dict "key" "to" "peers" .root.Values.kafka.networkPolicy.to) | nindent 2 }}
  {{- include "bakuun-webhooks.tcpPorts" (dict "ports" .root.Values.kafka.networkPolicy.ports) | nindent 2 }}
{{- if .mongo }}
- {{- include "bakuun-webhooks.peers" (dict "key" "to" "peers" .root.Values.mongodb.networkPolicy.to) | nindent 2 }}
  {{- include "bakuun-webhooks.tcpPorts" (dict "ports" .root.Values.mongodb.networkPolicy.ports) | nindent 2 }}
{{- end }}
{{- end }}
