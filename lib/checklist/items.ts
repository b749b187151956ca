import { EvidenceKind, Section } from './types';

/**
 * The catalog's item definitions. `seeds` is derived from the seed map, so it
 * is not written here.
 * @internal
 */
export interface ItemDef {
  readonly id: string;
  readonly title: string;
  readonly section: Section;
  readonly evidence: EvidenceKind;
  readonly description: string;
  readonly thresholds?: string[];
  readonly fsbp?: string[];
  readonly controlTower?: string[];
}

const R = EvidenceKind.RULE;
const P = EvidenceKind.PIPELINE;
const A = EvidenceKind.ATTESTATION;
const S = Section;

/** @internal */
export const ITEMS: ItemDef[] = [
  // ---------------------------------------------------------------- database
  { id: 'DB-PROVISIONED', title: 'Production PostgreSQL database provisioned', section: S.DATABASE, evidence: R, description: 'An Aurora PostgreSQL cluster or RDS PostgreSQL instance exists in the stack.' },
  { id: 'DB-ENCRYPTION-AT-REST', title: 'Database storage encrypted with a customer-managed KMS key', section: S.DATABASE, evidence: R, fsbp: ['RDS.3', 'RDS.4'], description: 'StorageEncrypted is true and KmsKeyId references a customer-managed key.' },
  { id: 'DB-TLS-ENFORCED', title: 'Database connections require TLS', section: S.DATABASE, evidence: R, description: 'The (cluster) parameter group sets rds.force_ssl = 1.' },
  { id: 'DB-BACKUP-RETENTION', title: 'Automated backups kept at least 30 days, with point-in-time restore', section: S.DATABASE, evidence: R, thresholds: ['backupRetentionDays'], fsbp: ['RDS.11'], description: 'BackupRetentionPeriod >= the backupRetentionDays threshold; PITR comes with automated backups.' },
  { id: 'DB-DELETION-PROTECTION', title: 'Database protected from deletion and snapshotted on removal', section: S.DATABASE, evidence: R, fsbp: ['RDS.7', 'RDS.8'], description: 'DeletionProtection is true and the resource has a Snapshot or Retain deletion policy.' },
  { id: 'DB-MULTI-AZ', title: 'Database has a standby or reader in another availability zone', section: S.DATABASE, evidence: R, fsbp: ['RDS.5', 'RDS.15'], description: 'An Aurora cluster has a writer and at least one reader; an RDS instance is MultiAZ.' },
  { id: 'DB-NOT-PUBLIC', title: 'Database not publicly accessible', section: S.DATABASE, evidence: R, fsbp: ['RDS.2'], description: 'PubliclyAccessible is false on every instance and it sits in private/isolated subnets.' },
  { id: 'DB-IAM-AUTH', title: 'Database IAM authentication enabled', section: S.DATABASE, evidence: R, fsbp: ['RDS.10', 'RDS.12'], description: 'EnableIAMDatabaseAuthentication is true.' },
  { id: 'DB-LOG-EXPORTS', title: 'Database logs exported to CloudWatch Logs', section: S.DATABASE, evidence: R, fsbp: ['RDS.9'], description: 'EnableCloudwatchLogsExports includes postgresql.' },
  { id: 'DB-ENHANCED-MONITORING', title: 'Database enhanced monitoring and Performance Insights enabled', section: S.DATABASE, evidence: R, fsbp: ['RDS.6'], description: 'MonitoringInterval > 0 with a monitoring role; Performance Insights enabled with a KMS key.' },
  { id: 'DB-CREDENTIALS-MANAGED', title: 'Database master credentials in Secrets Manager and rotated', section: S.DATABASE, evidence: R, thresholds: ['secretRotationDays'], description: 'The master password is a Secrets Manager dynamic reference (or ManageMasterUserPassword) with a rotation schedule.' },
  { id: 'DB-CONNECTION-POOLING', title: 'Database connection pooling in place', section: S.DATABASE, evidence: R, description: 'An RDS Proxy fronts the database and requires TLS.' },
  // ---------------------------------------------------------------- backup
  { id: 'BACKUP-PLAN', title: 'Data stores in an AWS Backup plan (daily >= 35 days, monthly 1 year)', section: S.BACKUP, evidence: R, thresholds: ['dailyBackupRetentionDays', 'monthlyBackupRetentionDays'], fsbp: ['RDS.26'], description: 'A backup plan with daily and monthly rules selects the database and cache.' },
  { id: 'BACKUP-VAULT-ENCRYPTED', title: 'Backup vault encrypted with a customer-managed key', section: S.BACKUP, evidence: R, fsbp: ['Backup.1'], description: 'The AWS Backup vault has EncryptionKeyArn set to a customer-managed key.' },
  { id: 'BACKUP-CONTINUOUS', title: 'Continuous backup (point-in-time restore) where supported', section: S.BACKUP, evidence: R, description: 'A backup rule has EnableContinuousBackup true.' },
  { id: 'BACKUP-RESTORE-TESTED', title: 'Restores tested on a schedule', section: S.BACKUP, evidence: R, description: 'An AWS Backup restore testing plan with a selection exists.' },
  { id: 'BACKUP-FAILURE-NOTIFICATION', title: 'Failed backup jobs notify someone', section: S.BACKUP, evidence: R, description: 'The vault notifies an SNS topic on BACKUP_JOB_FAILED (or an EventBridge rule does).' },
  { id: 'BACKUP-CROSS-REGION-COPY', title: 'Backups copied to another region or account', section: S.BACKUP, evidence: R, description: 'A backup rule has a copy action to another vault.' },
  { id: 'KMS-KEY-ROTATION', title: 'Customer-managed KMS keys rotate', section: S.BACKUP, evidence: R, fsbp: ['KMS.4'], description: 'EnableKeyRotation is true on every symmetric customer-managed key.' },
  // ---------------------------------------------------------------- cache
  { id: 'CACHE-PROVISIONED', title: 'Production Redis/Valkey cache provisioned', section: S.CACHE, evidence: R, description: 'An ElastiCache replication group (or serverless cache) exists.' },
  { id: 'CACHE-TLS-IN-TRANSIT', title: 'Cache requires TLS in transit', section: S.CACHE, evidence: R, fsbp: ['ElastiCache.5'], description: 'TransitEncryptionEnabled is true and TransitEncryptionMode is required.' },
  { id: 'CACHE-ENCRYPTION-AT-REST', title: 'Cache encrypted at rest with a customer-managed key', section: S.CACHE, evidence: R, fsbp: ['ElastiCache.4'], description: 'AtRestEncryptionEnabled is true and KmsKeyId is set.' },
  { id: 'CACHE-AUTH', title: 'Cache requires authentication (RBAC or AUTH token)', section: S.CACHE, evidence: R, fsbp: ['ElastiCache.6'], description: 'UserGroupIds is set, or AuthToken comes from Secrets Manager.' },
  { id: 'CACHE-MULTI-AZ-FAILOVER', title: 'Cache spans availability zones with automatic failover', section: S.CACHE, evidence: R, fsbp: ['ElastiCache.3'], description: 'AutomaticFailoverEnabled and MultiAZEnabled are true with at least two nodes.' },
  { id: 'CACHE-SNAPSHOT-RETENTION', title: 'Cache snapshots kept at least 7 days', section: S.CACHE, evidence: R, thresholds: ['cacheSnapshotRetentionDays'], fsbp: ['ElastiCache.1'], description: 'SnapshotRetentionLimit >= the cacheSnapshotRetentionDays threshold.' },
  // ---------------------------------------------------------------- secrets
  { id: 'SECRETS-MANAGED', title: 'Secrets stored in Secrets Manager with a customer-managed key', section: S.SECRETS, evidence: R, description: 'Application secrets are AWS::SecretsManager::Secret resources with KmsKeyId set.' },
  { id: 'SECRETS-ROTATION', title: 'Secrets rotated on a schedule', section: S.SECRETS, evidence: R, thresholds: ['secretRotationDays'], fsbp: ['SecretsManager.1', 'SecretsManager.4'], description: 'A rotation schedule rotates every secret within secretRotationDays.' },
  { id: 'SECRETS-STRENGTH', title: 'Generated secrets are long and random', section: S.SECRETS, evidence: R, thresholds: ['secretLengthChars'], description: 'GenerateSecretString.PasswordLength >= secretLengthChars.' },
  { id: 'SECRETS-NO-PLAINTEXT', title: 'No secret value in plain text in configuration', section: S.SECRETS, evidence: R, description: 'No secret-looking name (PASSWORD, SECRET, TOKEN, API_KEY) carries a literal in Lambda or container environment, parameter defaults or Kubernetes env.' },
  { id: 'SECRETS-ROTATION-ALERT', title: 'Failed secret rotation raises an alert', section: S.SECRETS, evidence: R, description: 'An EventBridge rule or alarm on rotation failure targets a notification topic.' },
  // ---------------------------------------------------------------- tls-edge
  { id: 'EDGE-HTTPS-LISTENER', title: 'HTTPS with TLS 1.2+ and a valid certificate', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.17'], description: 'Load balancer listeners are HTTPS with a TLS 1.2+ (preferably 1.3) policy and an ACM certificate.' },
  { id: 'EDGE-HTTPS-REDIRECT', title: 'HTTP only redirects to HTTPS', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.1'], description: 'Every HTTP listener has a single redirect action to HTTPS (301).' },
  { id: 'EDGE-CERTIFICATE-MANAGED', title: 'TLS certificate issued and renewed by ACM', section: S.TLS_EDGE, evidence: R, fsbp: ['ACM.1'], description: 'The certificate is an ACM certificate validated by DNS.' },
  { id: 'EDGE-CERTIFICATE-EXPIRY-ALARM', title: 'Alarm before the certificate expires', section: S.TLS_EDGE, evidence: R, thresholds: ['certificateExpiryDays'], description: 'An alarm on AWS/CertificateManager DaysToExpiry < certificateExpiryDays with an action.' },
  { id: 'EDGE-DROP-INVALID-HEADERS', title: 'Load balancer drops invalid header fields', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.4'], description: 'routing.http.drop_invalid_header_fields.enabled = true.' },
  { id: 'EDGE-DESYNC-MITIGATION', title: 'Load balancer uses strict desync mitigation', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.12'], description: 'routing.http.desync_mitigation_mode is defensive or strictest.' },
  { id: 'EDGE-LB-DELETION-PROTECTION', title: 'Load balancer deletion protection on', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.6'], description: 'deletion_protection.enabled = true.' },
  { id: 'EDGE-ACCESS-LOGS', title: 'Load balancer and CDN access logs kept', section: S.TLS_EDGE, evidence: R, fsbp: ['ELB.5'], description: 'access_logs.s3.enabled = true to an encrypted, TLS-only bucket.' },
  { id: 'EDGE-REVERSE-PROXY', title: 'Traffic enters through a managed reverse proxy / load balancer', section: S.TLS_EDGE, evidence: R, description: 'An Application Load Balancer (or an Ingress) fronts the compute; nothing serves the internet directly.' },
  { id: 'EDGE-CDN', title: 'CDN for static assets, HTTPS only', section: S.TLS_EDGE, evidence: R, fsbp: ['CloudFront.3'], description: 'A CloudFront distribution with viewer protocol redirect-to-https or https-only, compression and a caching policy.' },
  { id: 'EDGE-DNS', title: 'DNS record points the service domain at the endpoint', section: S.TLS_EDGE, evidence: R, description: 'A Route 53 alias record targets the load balancer or distribution.' },
  { id: 'EDGE-CORS', title: 'CORS restricted to known origins', section: S.TLS_EDGE, evidence: R, description: 'Access-Control-Allow-Origin is a list of origins, never *.' },
  // ---------------------------------------------------------------- waf
  { id: 'WAF-WEB-ACL', title: 'Web application firewall in front of the service', section: S.WAF, evidence: R, fsbp: ['ELB.16', 'CloudFront.6'], description: 'A WAFv2 web ACL with AWS managed rule groups is associated with the load balancer or distribution.' },
  { id: 'WAF-RATE-LIMIT', title: 'Rate limiting per client', section: S.WAF, evidence: R, thresholds: ['rateLimitPerMinute'], description: 'The web ACL has a rate-based rule blocking above rateLimitPerMinute per IP.' },
  // ---------------------------------------------------------------- security-headers
  { id: 'HEADERS-HSTS', title: 'Strict-Transport-Security header sent', section: S.SECURITY_HEADERS, evidence: R, thresholds: ['hstsMaxAgeSeconds'], description: 'HSTS with max-age >= one year and includeSubDomains, from the ALB listener or a CloudFront response headers policy.' },
  { id: 'HEADERS-CONTENT-TYPE-OPTIONS', title: 'X-Content-Type-Options: nosniff sent', section: S.SECURITY_HEADERS, evidence: R, description: 'X-Content-Type-Options nosniff on every response.' },
  { id: 'HEADERS-FRAME-OPTIONS', title: 'X-Frame-Options sent', section: S.SECURITY_HEADERS, evidence: R, description: 'X-Frame-Options DENY or SAMEORIGIN on every response.' },
  { id: 'HEADERS-CSP', title: 'Content-Security-Policy sent', section: S.SECURITY_HEADERS, evidence: R, description: 'A Content-Security-Policy header on every response.' },
  // ---------------------------------------------------------------- alarms
  { id: 'ALARM-ERROR-RATE', title: 'Alarm on error rate above 1 %', section: S.ALARMS, evidence: R, thresholds: ['errorRatePercent', 'alarmDetectionMinutes'], description: 'A metric-math alarm over 5xx / requests with threshold <= errorRatePercent and an action.' },
  { id: 'ALARM-LATENCY-P95', title: 'Alarm on p95 latency above 500 ms', section: S.ALARMS, evidence: R, thresholds: ['latencyP95Ms'], description: 'An alarm on the p95 of response time / duration with threshold <= latencyP95Ms and an action.' },
  { id: 'ALARM-LATENCY-P99', title: 'Alarm on p99 latency above 1000 ms', section: S.ALARMS, evidence: R, thresholds: ['latencyP99Ms'], description: 'An alarm on p99 with threshold <= latencyP99Ms and an action.' },
  { id: 'ALARM-UNHEALTHY-HOSTS', title: 'Alarm on unhealthy targets', section: S.ALARMS, evidence: R, description: 'An alarm on UnHealthyHostCount > 0 with an action.' },
  { id: 'ALARM-DB-CONNECTIONS', title: 'Alarm on database connections above 90 % of max', section: S.ALARMS, evidence: R, thresholds: ['dbConnectionsPercent'], description: 'An alarm on DatabaseConnections at <= dbConnectionsPercent of max_connections with an action.' },
  { id: 'ALARM-MEMORY', title: 'Alarm on memory above 85 %', section: S.ALARMS, evidence: R, thresholds: ['memoryPercent'], description: 'Alarms on memory utilization (compute, cache) at <= memoryPercent, and on database freeable memory, with actions.' },
  { id: 'ALARM-DISK', title: 'Alarm on disk/storage above 80 %', section: S.ALARMS, evidence: R, thresholds: ['diskPercent'], description: 'An alarm on free storage (RDS) below 100 - diskPercent, with an action.' },
  { id: 'ALARM-CPU', title: 'Alarm on CPU above 80 %', section: S.ALARMS, evidence: R, thresholds: ['cpuPercent'], description: 'Alarms on CPU utilization of compute, database and cache at <= cpuPercent, with actions.' },
  { id: 'ALARM-ACTIONS', title: 'Every alarm notifies someone', section: S.ALARMS, evidence: R, fsbp: ['CloudWatch.15'], description: 'Every CloudWatch alarm has an AlarmActions entry (an SNS topic to on-call).' },
  { id: 'ALARM-TOPIC-ENCRYPTED', title: 'Alarm topic encrypted and TLS-only', section: S.ALARMS, evidence: R, fsbp: ['SNS.1'], description: 'The SNS topic has KmsMasterKeyId and a policy denying aws:SecureTransport false.' },
  // ---------------------------------------------------------------- dashboards
  { id: 'DASHBOARD-SERVICE', title: 'Service dashboard (traffic, latency, errors, saturation)', section: S.DASHBOARDS, evidence: R, description: 'A CloudWatch dashboard shows request rate, p50/p95/p99, error rate, DB connections and cache memory.' },
  // ---------------------------------------------------------------- logging
  { id: 'LOG-RETENTION', title: 'Logs kept at least 30 days', section: S.LOGGING, evidence: R, thresholds: ['logRetentionDays'], fsbp: ['CloudWatch.16'], description: 'Every log group has RetentionInDays >= logRetentionDays.' },
  { id: 'LOG-ENCRYPTED', title: 'Logs encrypted with a customer-managed key', section: S.LOGGING, evidence: R, description: 'Every log group has KmsKeyId set.' },
  { id: 'LOG-STRUCTURED', title: 'Structured (JSON) application logs', section: S.LOGGING, evidence: R, description: 'Lambda LoggingConfig.LogFormat is JSON (or the container sets a JSON log format).' },
  { id: 'LOG-TRACING', title: 'Distributed tracing enabled', section: S.LOGGING, evidence: R, description: 'Lambda TracingConfig Active, or an X-Ray daemon / OpenTelemetry collector sidecar on ECS.' },
  // ---------------------------------------------------------------- deployment
  { id: 'DEPLOY-PROGRESSIVE', title: 'Releases shift traffic progressively (canary or linear), never all at once', section: S.DEPLOYMENT, evidence: R, description: 'CodeDeploy deployment config is canary/linear, or the ECS service uses a canary/linear strategy.' },
  { id: 'DEPLOY-CANARY-ROLLBACK', title: 'Canary rolls back on its own when alarms fire', section: S.DEPLOYMENT, evidence: R, thresholds: ['alarmDetectionMinutes'], description: 'Alarms attached to the deployment and auto-rollback on DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM; ECS circuit breaker with rollback.' },
  { id: 'DEPLOY-HEALTH-HOOKS', title: 'New version checked before it takes traffic', section: S.DEPLOYMENT, evidence: R, description: 'Pre/post-traffic hooks (CodeDeploy) or a test listener verify /health on the new version.' },
  { id: 'DEPLOY-ZERO-DOWNTIME', title: 'Rolling updates keep full capacity', section: S.DEPLOYMENT, evidence: R, description: 'ECS MinimumHealthyPercent >= 100, or Kubernetes maxUnavailable 0.' },
  // ---------------------------------------------------------------- scaling-ha
  { id: 'HA-MULTI-AZ', title: 'Service spans at least two availability zones', section: S.SCALING_HA, evidence: R, thresholds: ['minAvailabilityZones'], fsbp: ['ELB.13'], description: 'Subnets of the load balancer and compute span >= minAvailabilityZones zones; Kubernetes pods spread across zones.' },
  { id: 'SCALING-AUTOSCALING', title: 'Autoscaling configured', section: S.SCALING_HA, evidence: R, description: 'An Application Auto Scaling target and policy (or an HPA) scale the service.' },
  { id: 'SCALING-MIN-CAPACITY', title: 'At least 3 instances of the service', section: S.SCALING_HA, evidence: R, thresholds: ['minReplicas'], description: 'The scaling minimum (or provisioned concurrency / HPA minReplicas) >= minReplicas.' },
  // ---------------------------------------------------------------- network
  { id: 'NET-FLOW-LOGS', title: 'VPC flow logs enabled', section: S.NETWORK, evidence: R, fsbp: ['EC2.6'], description: 'Every VPC has a flow log.' },
  { id: 'NET-PRIVATE-SUBNETS', title: 'Compute and data in private subnets', section: S.NETWORK, evidence: R, description: 'Databases, caches and compute sit in private or isolated subnets without public IPs.' },
  { id: 'NET-RESTRICTED-INGRESS', title: 'Security groups open only what is needed', section: S.NETWORK, evidence: R, fsbp: ['EC2.18', 'EC2.19'], description: 'No security group allows 0.0.0.0/0 or ::/0 except the public load balancer on 80/443.' },
  // ---------------------------------------------------------------- config
  { id: 'CONFIG-ENVIRONMENT-PRODUCTION', title: 'ENVIRONMENT=production set on the compute', section: S.CONFIG, evidence: R, description: 'Lambda/container environment sets ENVIRONMENT (or NODE_ENV/APP_ENV) to production.' },
  { id: 'CONFIG-DEBUG-OFF', title: 'Debug mode off in production', section: S.CONFIG, evidence: R, description: 'DEBUG is false (or absent and defaulting to false) on the compute.' },
  { id: 'CONFIG-LOG-LEVEL', title: 'Production log level set', section: S.CONFIG, evidence: R, description: 'LOG_LEVEL is INFO or WARN (not DEBUG/TRACE) on the compute.' },
  // ---------------------------------------------------------------- health-checks
  { id: 'HEALTH-ENDPOINT', title: 'Health check endpoint probed by the platform', section: S.HEALTH_CHECKS, evidence: R, description: 'Target group health checks on /health (or Kubernetes readiness/liveness probes).' },
  // ---------------------------------------------------------------- process (examples; the catalog helper completes)
  { id: 'SIGNOFF-SECURITY-LEAD', title: 'Security lead signs off', section: S.PROCESS, evidence: A, description: 'The security lead attests the release is approved.' },
  { id: 'PIPELINE-TESTS-PASSING', title: 'Test suites pass in CI', section: S.PIPELINE, evidence: P, description: 'The CI run of unit, integration and security tests is green.' },
];
