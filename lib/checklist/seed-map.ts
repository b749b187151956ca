/**
 * Every checkbox line (`- [ ]`) of every seed checklist in `shared/seeds/`,
 * mapped to a catalog item: `[line, itemId]` per seed file, the seed's text
 * in the trailing comment. Duplicates across seeds map to the same item.
 * @internal
 */
export const SEED_MAP: Record<string, Array<[number, string]>> = {
  '000_5ec17f4a8f2a5f31.txt': [
    [10, 'PIPELINE-SECURITY-TESTS'], // All security tests passing
    [14, 'PIPELINE-TESTS-PASSING'], // All validation tests passing
    [18, 'PIPELINE-CODE-REVIEW'], // Code review completed by 2+ team members
    [19, 'PIPELINE-SECRET-SCAN'], // No hardcoded credentials in codebase
    [20, 'PIPELINE-LINT'], // All TODOs and FIXMEs resolved
    [21, 'PIPELINE-LINT'], // Dead code removed
    [22, 'PIPELINE-DEPENDENCY-AUDIT'], // Dependencies audit completed
    [29, 'SECURITY-AUDIT-COMPLETED'], // Security audit completed (see SECURITY_AUDIT.md)
    [30, 'SECURITY-FINDINGS-RESOLVED'], // All critical issues resolved
    [31, 'SECURITY-FINDINGS-RESOLVED'], // All high priority recommendations implemented
    [32, 'DOC-THREAT-MODEL'], // OWASP Top 10 reviewed
    [33, 'DOC-THREAT-MODEL'], // Threat model documented
    [34, 'DOC-INCIDENT-RESPONSE'], // Incident response plan created
    [35, 'TRAINING-SECURITY'], // Security training completed
    [38, 'DOC-API'], // API documentation complete
    [39, 'DOC-ARCHITECTURE'], // Architecture documentation updated
    [40, 'DOC-CONFIGURATION'], // Configuration guide created
    [41, 'DOC-RUNBOOK'], // Troubleshooting guide created
    [42, 'DOC-RUNBOOK'], // Runbook for common issues created
    [43, 'DOC-DISASTER-RECOVERY'], // Disaster recovery plan documented
    [44, 'DOC-DEPLOYMENT-GUIDE'], // Deployment guide finalized
    [47, 'DB-PROVISIONED'], // Production database provisioned
    [48, 'CACHE-PROVISIONED'], // Production Redis instance available
    [49, 'EDGE-CERTIFICATE-MANAGED'], // SSL/TLS certificates obtained
    [50, 'EDGE-REVERSE-PROXY'], // Reverse proxy (nginx) configured
    [51, 'EDGE-CDN'], // CDN setup (if applicable)
    [52, 'BACKUP-PLAN'], // Backup system configured
    [53, 'TEST-DISASTER-RECOVERY'], // Disaster recovery tested
    [56, 'LOG-CENTRALIZED'], // Elasticsearch cluster running
    [57, 'LOG-CENTRALIZED'], // Kibana configured and tested
    [58, 'METRICS-COLLECTED'], // Prometheus scrape config ready
    [59, 'DASHBOARD-SERVICE'], // Grafana dashboards created
    [60, 'ALARM-NOTIFICATION-CHANNELS'], // Alert handlers configured
    [61, 'OPS-ONCALL-ROTATION'], // On-call rotation established
    [62, 'COMMS-STATUS-PAGE'], // Status page setup
    [63, 'ALARM-PAGING'], // PagerDuty integration (if applicable)
    [70, 'CONFIG-REQUIRED-SET'], // `.env` file created for production
    [85, 'CONFIG-REQUIRED-SET'], // Environment variables validated
    [90, 'DB-MIGRATION-PLAN'], // Database migrations prepared
    [95, 'PIPELINE-BUILD'], // Static files prepared (if applicable)
    [96, 'SECRETS-EXTERNAL-CREDENTIALS'], // API keys generated for integrations
    [97, 'WAF-RATE-LIMIT'], // Rate limits configured appropriately
    [109, 'PIPELINE-LOAD-TEST'], // Load testing completed
    [113, 'PIPELINE-PERFORMANCE-TEST'], // Database performance tested
    [114, 'PIPELINE-PERFORMANCE-TEST'], // Redis performance tested
    [115, 'LIVE-RESTORE-TESTS'], // Backup restore tested
    [116, 'LIVE-FAILOVER-DRILL'], // Failover tested
    [117, 'LIVE-CERTIFICATES'], // SSL/TLS certificates verified
    [118, 'EDGE-DNS'], // DNS records prepared
    [121, 'PIPELINE-SECURITY-TESTS'], // Webhook signature verification tested
    [125, 'PIPELINE-SECURITY-TESTS'], // Rate limiting tested
    [129, 'PIPELINE-SECURITY-TESTS'], // Input sanitization tested
    [133, 'PIPELINE-SECURITY-TESTS'], // API key validation tested
    [137, 'APPSEC-ERROR-LEAKAGE'], // Error messages reviewed (no data leakage)
    [138, 'LOG-NO-SECRETS'], // Logs reviewed (no credentials)
    [139, 'EDGE-HTTPS-REDIRECT'], // HTTPS enforced
    [140, 'EDGE-CORS'], // CORS configured
    [141, 'HEADERS-RESPONSE-POLICY'], // Security headers added
    [144, 'PIPELINE-TESTS-PASSING'], // Full test suite passing
    [148, 'PIPELINE-LOAD-TEST'], // Load testing completed (target: 1000 msg/sec)
    [149, 'PIPELINE-STRESS-SOAK-TEST'], // Stress testing completed
    [150, 'PIPELINE-STRESS-SOAK-TEST'], // Soak testing completed (24+ hours)
    [151, 'LIVE-FAILOVER-DRILL'], // Failover testing completed
    [152, 'TEST-ROLLBACK'], // Rollback procedure tested
    [153, 'LIVE-TARGETS-HEALTHY'], // Health check endpoint tested
    [154, 'METRICS-APPLICATION'], // Metrics endpoint tested
    [157, 'DOC-RUNBOOK'], // All runbooks reviewed
    [158, 'DOC-MONITORING-PLAYBOOK'], // Alert thresholds documented
    [159, 'DOC-ESCALATION'], // Escalation procedures documented
    [160, 'OPS-EMERGENCY-CONTACTS'], // Emergency contacts updated
    [161, 'TRAINING-TEAM'], // Team trained on new system
    [162, 'DOC-HANDOVER'], // Handoff documentation completed
    [169, 'DEPLOY-CODE-FREEZE'], // Code freeze confirmed
    [170, 'PIPELINE-TESTS-PASSING'], // All tests passing
    [171, 'PIPELINE-SECURITY-SCAN'], // Security scan clean
    [172, 'PIPELINE-PERFORMANCE-TEST'], // Performance benchmarks met
    [173, 'DASHBOARD-SERVICE'], // Monitoring dashboard accessible
    [174, 'ALARM-ACTIONS'], // Alert system armed
    [175, 'LIVE-BACKUP-JOBS'], // Backup verified
    [178, 'BACKUP-PRE-RELEASE'], // Production database backed up
    [179, 'PIPELINE-MIGRATION-TEST'], // Migration script tested on staging
    [180, 'PIPELINE-MIGRATION-TEST'], // Rollback procedure tested
    [181, 'VERIFY-DATA-INTEGRITY'], // Data consistency verified
    [184, 'VERIFY-ENVIRONMENT-READY'], // Production environment confirmed ready
    [185, 'TEST-STAGING-REHEARSAL'], // Staging environment matches production
    [186, 'EDGE-REVERSE-PROXY'], // Load balancer configured
    [187, 'EDGE-HTTPS-LISTENER'], // SSL certificates installed
    [188, 'LIVE-DNS-RECORD'], // DNS ready to switch
    [189, 'TEST-CDN-CACHE'], // CDN warmed up (if applicable)
    [192, 'COMMS-STAKEHOLDERS-NOTIFIED'], // Stakeholders notified of deployment window
    [193, 'COMMS-SUPPORT-BRIEFED'], // Support team briefed
    [194, 'OPS-ONCALL-ROTATION'], // On-call team confirmed
    [195, 'COMMS-CHANNELS'], // Communication channels verified
    [196, 'COMMS-STATUS-PAGE'], // Status page messaging prepared
    [203, 'BACKUP-PRE-RELEASE'], // Full backups taken
    [211, 'DEPLOY-TEAM-READY'], // All team members online
    [212, 'DEPLOY-TEAM-READY'], // Monitoring dashboards open
    [213, 'COMMS-CHANNELS'], // Slack/communication channels ready
    [214, 'DOC-ROLLBACK-PLAN'], // Rollback plan reviewed
    [215, 'DEPLOY-PLAN'], // Timeline reviewed
    [218, 'DEPLOY-GRACEFUL-SHUTDOWN'], // Stop accepting new requests (graceful)
    [224, 'DEPLOY-GRACEFUL-SHUTDOWN'], // Wait for in-flight requests to complete (max 30 sec)
    [225, 'BACKUP-PRE-RELEASE'], // Back up current database
    [226, 'DEPLOY-PROGRESSIVE'], // Deploy new code
    [241, 'DEPLOY-MIGRATIONS-APPLIED'], // Run database migrations
    [246, 'DEPLOY-MIGRATIONS-APPLIED'], // Verify migrations succeeded
    [251, 'PIPELINE-SMOKE-TESTS'], // Smoke tests
    [266, 'LIVE-TARGETS-HEALTHY'], // Verify all services online
    [271, 'DEPLOY-HEALTH-HOOKS'], // Resume accepting requests
    [277, 'LIVE-ERROR-RATE'], // Monitor error rates
    [286, 'LIVE-LATENCY'], // Check response times
    [291, 'VERIFY-USER-FEEDBACK'], // Verify user reports normal
    [292, 'LIVE-ALARMS-QUIET'], // Check for alerts
    [298, 'VERIFY-LOGS-REVIEWED'], // Review logs for issues
    [307, 'DOC-DEPLOYMENT-NOTES'], // Document deployment notes
    [308, 'COMMS-STATUS-PAGE'], // Update status page
    [311, 'LIVE-ERROR-RATE'], // Error rate acceptable (< 1%)
    [312, 'LIVE-LATENCY'], // Response times normal
    [313, 'VERIFY-DATA-INTEGRITY'], // No data anomalies
    [314, 'VERIFY-USER-FEEDBACK'], // User feedback positive
    [315, 'TEST-SCALING'], // Scaling adequate
    [316, 'ALARM-COST-BUDGET'], // Cost tracking on budget
    [317, 'LIVE-DEPLOYMENT-SUCCEEDED'], // Deployment completed successfully
    [324, 'APPSEC-WEBHOOK-SIGNATURE'], // Webhook signature verification enabled
    [329, 'APPSEC-WEBHOOK-SIGNATURE'], // Invalid signatures rejected
    [330, 'SECRETS-NO-PLAINTEXT'], // Token from environment variable
    [331, 'SECRETS-STRENGTH'], // Webhook secret strong (32+ chars)
    [334, 'APPSEC-AUTHENTICATION'], // API key validation enabled
    [335, 'APPSEC-AUTHENTICATION'], // Telegram user validation enabled
    [336, 'WAF-RATE-LIMIT'], // Rate limiting active
    [337, 'CONFIG-SESSION-LIMITS'], // Session timeouts configured
    [340, 'APPSEC-INPUT-VALIDATION'], // All inputs validated with Pydantic
    [341, 'APPSEC-INJECTION-PREVENTION'], // SQL injection prevention active
    [342, 'APPSEC-INJECTION-PREVENTION'], // XSS prevention active
    [343, 'APPSEC-INJECTION-PREVENTION'], // Command injection prevention active
    [344, 'APPSEC-INPUT-VALIDATION'], // File uploads scanned
    [347, 'DB-ENCRYPTION-AT-REST'], // Database encryption enabled
    [348, 'EDGE-HTTPS-REDIRECT'], // TLS/SSL enforced
    [349, 'SECRETS-NO-PLAINTEXT'], // Secrets in environment variables
    [350, 'LOG-NO-SECRETS'], // No credentials in logs
    [351, 'BACKUP-VAULT-ENCRYPTED'], // Backups encrypted
    [354, 'LOG-ERROR-TRACKING'], // Error logging active
    [355, 'AUDIT-SECURITY-EVENTS'], // Security event logging active
    [356, 'METRICS-COLLECTED'], // Metrics collection active
    [357, 'HEALTH-ENDPOINT'], // Health checks running
    [358, 'ALARM-STANDARD-SET'], // Alerts configured
    [365, 'LIVE-LATENCY'], // Average response time < 500ms
    [366, 'LIVE-LATENCY'], // P95 response time < 2000ms
    [367, 'LIVE-LATENCY'], // P99 response time < 5000ms
    [368, 'VERIFY-PERFORMANCE'], // No timeouts in production
    [371, 'PIPELINE-LOAD-TEST'], // Handles 100+ messages/second
    [372, 'PIPELINE-LOAD-TEST'], // Handles 50+ concurrent connections
    [373, 'PIPELINE-STRESS-SOAK-TEST'], // Handles burst traffic gracefully
    [374, 'WAF-RATE-LIMIT'], // Rate limiting working correctly
    [377, 'LIVE-CPU'], // CPU usage < 80%
    [378, 'LIVE-MEMORY'], // Memory usage < 80%
    [379, 'LIVE-DISK'], // Disk usage < 80%
    [380, 'DB-CONNECTION-POOLING'], // Database connections pooled
    [381, 'ALARM-MEMORY'], // Redis memory monitored
    [384, 'TEST-SCALING'], // Horizontal scaling tested
    [385, 'EDGE-REVERSE-PROXY'], // Load balancer working
    [386, 'SCALING-STATELESS-SESSIONS'], // Session replication working
    [387, 'DB-MULTI-AZ'], // Database replication working
    [394, 'LOG-ERROR-TRACKING'], // All errors logged
    [395, 'CONFIG-LOG-LEVEL'], // Log level set to INFO
    [396, 'LOG-STRUCTURED'], // Structured logging active (JSON)
    [397, 'LOG-RETENTION'], // Logs rotated automatically
    [398, 'LOG-ARCHIVE'], // Old logs archived
    [401, 'METRICS-COLLECTED'], // Metrics collected
    [402, 'METRICS-APPLICATION'], // Metrics endpoint accessible
    [403, 'DASHBOARD-SERVICE'], // Metrics dashboard operational
    [404, 'METRICS-COLLECTED'], // Metrics exported to monitoring system
    [407, 'LIVE-TARGETS-HEALTHY'], // Health endpoint responds
    [408, 'LIVE-TARGETS-HEALTHY'], // All components healthy
    [409, 'HEALTH-EXTERNAL-PROBE'], // Health checks running periodically
    [410, 'COMMS-STATUS-PAGE'], // Status page updated automatically
    [413, 'LIVE-ALARMS-ARMED'], // Alert system active
    [414, 'ALARM-STANDARD-SET'], // Critical alerts configured
    [415, 'ALARM-ERROR-RATE'], // Error rate alerts configured
    [416, 'ALARM-LATENCY-P95'], // Response time alerts configured
    [417, 'ALARM-DB-CONNECTIONS'], // Database alerts configured
    [418, 'TEST-ALERT-DELIVERY'], // Alert handlers tested
    [425, 'DOC-ARCHITECTURE'], // Architecture documented
    [426, 'DOC-API'], // API documented
    [427, 'DOC-CONFIGURATION'], // Configuration documented
    [428, 'DOC-RUNBOOK'], // Troubleshooting guide completed
    [429, 'DOC-RUNBOOK'], // Runbooks created for common issues
    [430, 'DOC-INCIDENT-RESPONSE'], // Emergency procedures documented
    [433, 'TRAINING-TEAM'], // Support team trained
    [434, 'TRAINING-TEAM'], // Operations team trained
    [435, 'TRAINING-TEAM'], // On-call team trained
    [436, 'TEST-INCIDENT-DRILL'], // Emergency procedures drilled
    [439, 'DOC-INCIDENT-RESPONSE'], // Incident response plan documented
    [440, 'DOC-ESCALATION'], // Escalation procedures documented
    [441, 'OPS-CHANGE-MANAGEMENT'], // Change management process in place
    [442, 'TEST-ROLLBACK'], // Rollback procedure tested
    [443, 'TEST-DISASTER-RECOVERY'], // Disaster recovery tested
    [446, 'LIVE-BACKUP-JOBS'], // Backup system verified
    [447, 'TEST-DISASTER-RECOVERY'], // Disaster recovery plan tested
    [448, 'LIVE-FAILOVER-DRILL'], // Failover system verified
    [449, 'HEALTH-EXTERNAL-PROBE'], // Health monitoring active
    [450, 'METRICS-COLLECTED'], // Resource monitoring active
    [457, 'OPS-HYPERCARE'], // Daily health check reviews
    [458, 'OPS-HYPERCARE'], // Daily error log reviews
    [459, 'OPS-HYPERCARE'], // Daily metrics reviews
    [460, 'VERIFY-USER-FEEDBACK'], // Respond to user feedback
    [461, 'DOC-DEPLOYMENT-NOTES'], // Document issues found
    [462, 'OPS-HYPERCARE'], // Apply hotfixes as needed
    [465, 'OPS-HYPERCARE'], // Weekly performance reviews
    [466, 'OPS-SECURITY-REVIEW'], // Weekly security reviews
    [467, 'OPS-HYPERCARE'], // Weekly log reviews
    [468, 'OPS-CAPACITY-PLAN'], // Capacity planning
    [469, 'OPS-PERFORMANCE-TUNING'], // Optimization opportunities identified
    [470, 'OPS-RETROSPECTIVE'], // Team feedback incorporated
    [473, 'VERIFY-STABLE-PERIOD'], // System stable and healthy
    [474, 'VERIFY-NO-CRITICAL-ISSUES'], // No critical issues
    [475, 'VERIFY-PERFORMANCE'], // Performance meets expectations
    [476, 'VERIFY-BUSINESS-CRITERIA'], // User adoption on track
    [477, 'ALARM-COST-BUDGET'], // Cost within budget
    [478, 'DOC-CURRENT'], // Documentation up to date
    [479, 'TRAINING-TEAM'], // Team comfortable with system
    [480, 'OPS-RETROSPECTIVE'], // Ready for next phase
    [518, 'SIGNOFF-TECH-LEAD'], // Tech Lead
    [519, 'SIGNOFF-SECURITY-LEAD'], // Security Lead
    [520, 'SIGNOFF-OPERATIONS-LEAD'], // Operations Lead
    [521, 'SIGNOFF-PRODUCT-OWNER'], // Product Manager
    [522, 'SIGNOFF-QA-LEAD'], // QA Lead
  ],
  '001_dccfd83f20843179.txt': [
    [26, 'PIPELINE-CODE-REVIEW'], // All code changes reviewed and approved
    [27, 'PIPELINE-TESTS-PASSING'], // All unit tests passing
    [28, 'PIPELINE-TESTS-PASSING'], // All integration tests passing
    [29, 'PIPELINE-TESTS-PASSING'], // All property-based tests passing
    [30, 'PIPELINE-E2E-TESTS'], // End-to-end tests completed successfully
    [31, 'PIPELINE-PERFORMANCE-TEST'], // Performance tests completed
    [32, 'PIPELINE-SECURITY-SCAN'], // Security scan completed (no critical vulnerabilities)
    [33, 'PIPELINE-DEPENDENCY-AUDIT'], // Dependency audit completed (`pip-audit` or `safety`)
    [36, 'DOC-API'], // API documentation updated
    [37, 'DOC-DEPLOYMENT-GUIDE'], // Deployment documentation reviewed
    [38, 'DOC-RUNBOOK'], // Runbooks created for common issues
    [39, 'DOC-ARCHITECTURE'], // Architecture diagrams updated
    [40, 'DOC-CONFIGURATION'], // Configuration changes documented
    [41, 'DOC-RELEASE-NOTES'], // Release notes prepared
    [44, 'DEPLOY-TEAM-READY'], // Deployment team identified and available
    [45, 'OPS-ONCALL-ROTATION'], // On-call rotation configured
    [46, 'COMMS-CHANNELS'], // Communication channels established (Slack, email)
    [47, 'COMMS-STAKEHOLDERS-NOTIFIED'], // Stakeholders notified of deployment window
    [48, 'DEPLOY-TEAM-READY'], // Rollback team identified and briefed
    [51, 'BACKUP-PRE-RELEASE'], // Database backup completed
    [52, 'BACKUP-PRE-RELEASE'], // Configuration backup completed
    [53, 'DEPLOY-IMMUTABLE-ARTIFACTS'], // Previous deployment artifacts archived
    [54, 'TEST-ROLLBACK'], // Rollback procedure tested
    [55, 'OPS-RECOVERY-OBJECTIVES'], // Recovery time objective (RTO) confirmed
    [56, 'OPS-RECOVERY-OBJECTIVES'], // Recovery point objective (RPO) confirmed
    [63, 'SECRETS-NO-DEFAULTS'], // `SECRET_KEY` changed from default
    [67, 'SECRETS-MANAGED'], // `JWT_SECRET_KEY` configured
    [68, 'LIVE-SECRET-ROTATION'], // Database passwords rotated
    [69, 'LIVE-SECRET-ROTATION'], // API keys rotated
    [70, 'SECRETS-MANAGED'], // All secrets stored in secrets manager (not in code)
    [71, 'CONFIG-REQUIRED-SET'], // Environment variables validated
    [74, 'CONFIG-SESSION-LIMITS'], // JWT token expiration configured
    [75, 'CONFIG-SESSION-LIMITS'], // `ACCESS_TOKEN_EXPIRE_MINUTES=30`
    [76, 'CONFIG-SESSION-LIMITS'], // `REFRESH_TOKEN_EXPIRE_DAYS=7`
    [77, 'AUTH-MFA-ADMINS'], // MFA enabled for admin accounts
    [78, 'AUTH-PASSWORD-POLICY'], // Password complexity requirements enforced
    [79, 'AUTH-PASSWORD-POLICY'], // Account lockout policy configured
    [80, 'CONFIG-SESSION-LIMITS'], // Session timeout configured
    [81, 'CONFIG-SESSION-LIMITS'], // Maximum concurrent sessions configured
    [84, 'LIVE-CERTIFICATES'], // HTTPS/TLS certificates installed and valid
    [85, 'EDGE-HTTPS-REDIRECT'], // HTTP to HTTPS redirect configured
    [86, 'HEADERS-HSTS'], // HSTS header enabled
    [87, 'EDGE-CORS'], // CORS origins configured for production domains
    [91, 'NET-RESTRICTED-INGRESS'], // Firewall rules configured
    [92, 'WAF-WEB-ACL'], // DDoS protection enabled
    [93, 'WAF-RATE-LIMIT'], // Rate limiting configured with Redis
    [96, 'HEADERS-RESPONSE-POLICY'], // Security headers middleware enabled
    [97, 'HEADERS-CONTENT-TYPE-OPTIONS'], // `X-Content-Type-Options: nosniff`
    [98, 'HEADERS-FRAME-OPTIONS'], // `X-Frame-Options: DENY`
    [99, 'HEADERS-XSS-PROTECTION'], // `X-XSS-Protection: 1; mode=block`
    [100, 'HEADERS-HSTS'], // `Strict-Transport-Security` configured
    [101, 'HEADERS-CSP'], // Content Security Policy (CSP) configured
    [108, 'COMPUTE-PROVISIONED'], // Production servers provisioned
    [109, 'COMPUTE-HARDENED'], // Server hardening completed
    [110, 'COMPUTE-REMOTE-ACCESS'], // SSH keys configured (no password authentication)
    [111, 'NET-RESTRICTED-INGRESS'], // Firewall configured
    [112, 'COMPUTE-TIME-SYNC'], // Time synchronization (NTP) configured
    [113, 'METRICS-COLLECTED'], // Monitoring agents installed
    [116, 'EDGE-REVERSE-PROXY'], // Load balancer configured
    [117, 'HEALTH-ENDPOINT'], // Health check endpoints configured
    [118, 'EDGE-HTTPS-LISTENER'], // SSL termination configured
    [119, 'SCALING-STATELESS-SESSIONS'], // Session affinity configured (if needed)
    [120, 'WAF-RATE-LIMIT'], // Connection limits configured
    [123, 'EDGE-CDN'], // CDN configured for static assets
    [124, 'EDGE-CDN'], // Cache headers configured
    [125, 'TEST-CDN-CACHE'], // Cache invalidation tested
    [126, 'EDGE-CDN'], // Geographic distribution configured
    [129, 'EDGE-DNS'], // DNS records created/updated
    [130, 'EDGE-DNS-CUTOVER'], // TTL values appropriate for deployment
    [131, 'EDGE-DNS-CUTOVER'], // DNS propagation verified
    [132, 'EDGE-DNS'], // Backup DNS servers configured
    [139, 'DB-PROVISIONED'], // Production database provisioned
    [140, 'DB-ENGINE-VERSION'], // Database version matches development
    [141, 'DB-SCHEMA-REVIEWED'], // Database extensions installed (PostGIS, TimescaleDB, uuid-ossp)
    [142, 'DB-APP-USER-LEAST-PRIVILEGE'], // Database users created with appropriate permissions
    [143, 'DB-CONNECTION-POOLING'], // Database connection pooling configured
    [144, 'DB-TLS-ENFORCED'], // Database SSL/TLS enabled
    [150, 'DB-MIGRATION-PLAN'], // Migration scripts reviewed
    [151, 'PIPELINE-MIGRATION-TEST'], // Migration dry-run completed
    [152, 'PIPELINE-MIGRATION-TEST'], // Migration rollback tested
    [153, 'VERIFY-DATA-INTEGRITY'], // Data integrity checks prepared
    [154, 'DB-MIGRATION-PLAN'], // Migration execution plan documented
    [157, 'DB-SCHEMA-REVIEWED'], // Indexes created and optimized
    [158, 'PIPELINE-PERFORMANCE-TEST'], // Query performance tested
    [159, 'DB-CONNECTION-POOLING'], // Connection pool size configured
    [160, 'DB-LOG-EXPORTS'], // Slow query logging enabled
    [161, 'DB-ENHANCED-MONITORING'], // Database monitoring configured
    [164, 'DB-BACKUP-RETENTION'], // Automated backup configured
    [165, 'DB-BACKUP-RETENTION'], // Backup retention policy set (30 days minimum)
    [166, 'LIVE-RESTORE-TESTS'], // Backup restoration tested
    [167, 'BACKUP-CONTINUOUS'], // Point-in-time recovery configured
    [168, 'BACKUP-CROSS-REGION-COPY'], // Cross-region replication enabled (if required)
    [175, 'CONFIG-REQUIRED-SET'], // All required environment variables set
    [176, 'CONFIG-ENVIRONMENT-PRODUCTION'], // `ENVIRONMENT=production`
    [177, 'CONFIG-DEBUG-OFF'], // `DEBUG=false`
    [178, 'CONFIG-LOG-LEVEL'], // `LOG_LEVEL=WARNING`
    [179, 'CONFIG-SERVICE-ENDPOINTS'], // Database connection string configured
    [180, 'CONFIG-SERVICE-ENDPOINTS'], // Redis connection string configured
    [181, 'SECRETS-EXTERNAL-CREDENTIALS'], // External service credentials configured
    [184, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // PostgreSQL connection tested
    [185, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Redis connection tested (if enabled)
    [186, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Kafka connection tested (if enabled)
    [187, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // ClickHouse connection tested (if enabled)
    [188, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // MLflow connection tested (if enabled)
    [189, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // External API connections tested
    [192, 'CONFIG-FEATURE-FLAGS'], // Production feature flags configured
    [193, 'CONFIG-FEATURE-FLAGS'], // Optional services enabled/disabled appropriately
    [194, 'CONFIG-FEATURE-FLAGS'], // `ENABLE_REDIS=true`
    [195, 'CONFIG-FEATURE-FLAGS'], // `ENABLE_KAFKA=false` (or true if needed)
    [196, 'CONFIG-FEATURE-FLAGS'], // `ENABLE_CLICKHOUSE=false` (or true if needed)
    [197, 'CONFIG-FEATURE-FLAGS'], // `ENABLE_MLFLOW=false` (or true if needed)
    [198, 'CONFIG-NO-MOCKS'], // Simulation mode disabled
    [199, 'CONFIG-NO-MOCKS'], // `SIMULATION_MODE=false`
    [202, 'WAF-RATE-LIMIT'], // Rate limiting configured
    [203, 'WAF-RATE-LIMIT'], // `RATE_LIMIT_ENABLED=true`
    [204, 'WAF-RATE-LIMIT'], // `RATE_LIMIT_PER_MINUTE=100`
    [205, 'WAF-RATE-LIMIT'], // `RATE_LIMIT_PER_HOUR=1000`
    [206, 'CONFIG-SESSION-LIMITS'], // Session management configured
    [207, 'CONFIG-SESSION-LIMITS'], // `SESSION_TIMEOUT_MINUTES=30`
    [208, 'CONFIG-SESSION-LIMITS'], // `MAX_CONCURRENT_SESSIONS=5`
    [209, 'AUDIT-LOGGING'], // Audit logging enabled
    [210, 'AUDIT-LOGGING'], // `AUDIT_LOG_ENABLED=true`
    [211, 'LOG-ENCRYPTED'], // `AUDIT_LOG_ENCRYPTED=true`
    [218, 'METRICS-COLLECTED'], // Prometheus server deployed
    [219, 'METRICS-COLLECTED'], // Prometheus configuration deployed
    [220, 'ALARM-STANDARD-SET'], // Alert rules deployed
    [221, 'ALARM-SECURITY-EVENTS'], // `security_rules.yml`
    [222, 'BACKUP-FAILURE-NOTIFICATION'], // `backup_rules.yml`
    [223, 'ALARM-SECURITY-EVENTS'], // `auth_rules.yml`
    [224, 'ALARM-STANDARD-SET'], // `application_rules.yml`
    [225, 'METRICS-COLLECTED'], // Prometheus targets configured
    [226, 'METRICS-COLLECTED'], // Prometheus data retention configured (30 days)
    [229, 'DASHBOARD-SERVICE'], // Grafana deployed
    [230, 'SECRETS-NO-DEFAULTS'], // Grafana admin password changed
    [231, 'DASHBOARD-SERVICE'], // Prometheus data source configured
    [232, 'DASHBOARD-SERVICE'], // Dashboards imported
    [233, 'DASHBOARD-SECURITY'], // Security dashboard
    [234, 'DASHBOARD-SERVICE'], // Performance dashboard
    [235, 'DASHBOARD-INFRASTRUCTURE'], // Infrastructure dashboard
    [236, 'OPS-MONITORING-ACCESS'], // User access configured
    [239, 'ALARM-NOTIFICATION-CHANNELS'], // Alertmanager deployed
    [240, 'ALARM-NOTIFICATION-CHANNELS'], // Alert routing configured
    [241, 'ALARM-NOTIFICATION-CHANNELS'], // Notification channels configured
    [242, 'ALARM-NOTIFICATION-CHANNELS'], // Slack integration
    [243, 'ALARM-NOTIFICATION-CHANNELS'], // Email notifications
    [244, 'ALARM-PAGING'], // PagerDuty integration (for critical alerts)
    [245, 'TEST-ALERT-DELIVERY'], // Alert rules tested
    [246, 'OPS-ONCALL-ROTATION'], // On-call schedule configured
    [249, 'LOG-CENTRALIZED'], // Centralized logging configured (ELK/CloudWatch/Splunk)
    [250, 'LOG-CENTRALIZED'], // Log shipping configured (Filebeat)
    [251, 'LOG-CENTRALIZED'], // Log processing configured (Logstash)
    [252, 'LOG-CENTRALIZED'], // Log storage configured (Elasticsearch)
    [253, 'LOG-CENTRALIZED'], // Log visualization configured (Kibana)
    [254, 'LOG-RETENTION'], // Log retention policy configured
    [255, 'LOG-RETENTION'], // Log rotation configured
    [256, 'AUDIT-SECURITY-EVENTS'], // Security logging enabled
    [259, 'METRICS-APPLICATION'], // Prometheus client instrumented in application
    [260, 'METRICS-APPLICATION'], // Custom metrics defined
    [261, 'METRICS-APPLICATION'], // Authentication metrics
    [262, 'METRICS-APPLICATION'], // Authorization metrics
    [263, 'METRICS-APPLICATION'], // API performance metrics
    [264, 'METRICS-APPLICATION'], // Database metrics
    [265, 'METRICS-APPLICATION'], // Cache metrics
    [266, 'METRICS-APPLICATION'], // Metrics endpoint exposed (`/metrics`)
    [267, 'METRICS-COLLECTED'], // Metrics scraping tested
    [274, 'DEPLOY-PLAN'], // Maintenance window scheduled
    [275, 'COMMS-USERS-NOTIFIED'], // Users notified of maintenance
    [276, 'DEPLOY-TEAM-READY'], // Deployment team assembled
    [277, 'COMMS-CHANNELS'], // Communication channels open
    [278, 'DEPLOY-TEAM-READY'], // Rollback team on standby
    [283, 'BACKUP-PRE-RELEASE'], // Create database backup
    [287, 'DEPLOY-MIGRATIONS-APPLIED'], // Run migrations
    [295, 'DEPLOY-MIGRATIONS-APPLIED'], // Verify migration success
    [296, 'DEPLOY-MIGRATIONS-APPLIED'], // Check migration status
    [302, 'PIPELINE-BUILD'], // Pull latest code
    [306, 'PIPELINE-BUILD'], // Install dependencies
    [310, 'PIPELINE-BUILD'], // Build application (if needed)
    [311, 'DEPLOY-PROGRESSIVE'], // Deploy application
    [322, 'VERIFY-SERVICES-HEALTHY'], // Verify application started
    [328, 'CONFIG-AS-CODE'], // Update environment variables
    [329, 'CONFIG-AS-CODE'], // Update configuration files
    [330, 'CONFIG-AS-CODE'], // Reload configuration
    [334, 'CONFIG-REQUIRED-SET'], // Verify configuration
    [340, 'DEPLOY-ZERO-DOWNTIME'], // Restart application services
    [341, 'DEPLOY-ZERO-DOWNTIME'], // Restart background workers (if any)
    [342, 'DEPLOY-ZERO-DOWNTIME'], // Restart WebSocket services (if any)
    [343, 'LIVE-DEPLOYMENT-SUCCEEDED'], // Verify all services running
    [350, 'LIVE-TARGETS-HEALTHY'], // Application health check passing
    [354, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Database connectivity verified
    [355, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Redis connectivity verified (if enabled)
    [356, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // External service connectivity verified
    [357, 'LIVE-TARGETS-HEALTHY'], // All services reporting healthy
    [360, 'PIPELINE-SMOKE-TESTS'], // User authentication working
    [361, 'PIPELINE-SMOKE-TESTS'], // Login successful
    [362, 'PIPELINE-SMOKE-TESTS'], // Logout successful
    [363, 'PIPELINE-SMOKE-TESTS'], // Token refresh working
    [364, 'PIPELINE-SMOKE-TESTS'], // API endpoints responding
    [365, 'PIPELINE-SMOKE-TESTS'], // GET requests working
    [366, 'PIPELINE-SMOKE-TESTS'], // POST requests working
    [367, 'PIPELINE-SMOKE-TESTS'], // PUT requests working
    [368, 'PIPELINE-SMOKE-TESTS'], // DELETE requests working
    [369, 'PIPELINE-SMOKE-TESTS'], // WebSocket connections working (if enabled)
    [370, 'PIPELINE-SMOKE-TESTS'], // Real-time updates working (if enabled)
    [373, 'LIVE-LATENCY'], // API response times acceptable (< 1 second for 95th percentile)
    [374, 'VERIFY-PERFORMANCE'], // Database query performance acceptable
    [375, 'VERIFY-PERFORMANCE'], // Cache hit rate acceptable (> 50%)
    [376, 'VERIFY-RESOURCE-USAGE'], // No memory leaks detected
    [377, 'LIVE-CPU'], // CPU usage normal (< 80%)
    [378, 'LIVE-MEMORY'], // Memory usage normal (< 80%)
    [381, 'EDGE-HTTPS-LISTENER'], // HTTPS working correctly
    [382, 'EDGE-HTTPS-REDIRECT'], // HTTP redirects to HTTPS
    [383, 'HEADERS-RESPONSE-POLICY'], // Security headers present
    [387, 'EDGE-CORS'], // CORS configured correctly
    [388, 'WAF-RATE-LIMIT'], // Rate limiting working
    [389, 'APPSEC-AUTHENTICATION'], // Authentication required for protected endpoints
    [390, 'APPSEC-AUTHORIZATION'], // Authorization enforced correctly
    [393, 'VERIFY-MONITORING-WORKING'], // Prometheus scraping metrics
    [397, 'VERIFY-MONITORING-WORKING'], // Grafana dashboards displaying data
    [398, 'LIVE-ALARMS-ARMED'], // Alerts configured and active
    [399, 'LIVE-LOGS-FLOWING'], // Logs flowing to centralized logging
    [400, 'VERIFY-MONITORING-WORKING'], // Log queries working in Kibana/CloudWatch
    [403, 'VERIFY-DATA-INTEGRITY'], // Database data intact
    [404, 'VERIFY-DATA-INTEGRITY'], // No data loss during migration
    [405, 'VERIFY-DATA-INTEGRITY'], // Data relationships preserved
    [406, 'VERIFY-DATA-INTEGRITY'], // Indexes functioning correctly
    [407, 'VERIFY-DATA-INTEGRITY'], // Constraints enforced
    [423, 'DEPLOY-ROLLBACK-EXECUTED'], // Rollback decision made by deployment lead
    [424, 'COMMS-STAKEHOLDERS-NOTIFIED'], // Team notified of rollback
    [425, 'DEPLOY-ROLLBACK-EXECUTED'], // Rollback reason documented
    [428, 'DEPLOY-ROLLBACK-EXECUTED'], // Stop application
    [432, 'DEPLOY-ROLLBACK-EXECUTED'], // Restore database backup
    [436, 'DEPLOY-ROLLBACK-EXECUTED'], // Verify database restoration
    [437, 'DEPLOY-ROLLBACK-EXECUTED'], // Run rollback migrations (if needed)
    [440, 'DEPLOY-IMMUTABLE-ARTIFACTS'], // Checkout previous version
    [444, 'CONFIG-AS-CODE'], // Restore previous configuration
    [445, 'DEPLOY-CANARY-ROLLBACK'], // Deploy previous version
    [449, 'VERIFY-SERVICES-HEALTHY'], // Verify application started
    [452, 'LIVE-TARGETS-HEALTHY'], // Health checks passing
    [453, 'PIPELINE-SMOKE-TESTS'], // Functional tests passing
    [454, 'VERIFY-SERVICES-HEALTHY'], // Users can access application
    [455, 'VERIFY-LOGS-REVIEWED'], // No errors in logs
    [458, 'COMMS-USERS-NOTIFIED'], // Users notified of rollback
    [459, 'OPS-INCIDENT-REPORT'], // Incident report created
    [460, 'OPS-INCIDENT-REPORT'], // Root cause analysis scheduled
    [461, 'OPS-INCIDENT-REPORT'], // Fix plan developed
    [468, 'PIPELINE-GOLIVE-CHECK'], // All pre-deployment checks completed
    [469, 'LIVE-DEPLOYMENT-SUCCEEDED'], // Deployment executed successfully
    [470, 'VERIFY-DEPLOYMENT-SUCCESS'], // All post-deployment verifications passed
    [471, 'VERIFY-NO-CRITICAL-ISSUES'], // No critical issues identified
    [472, 'LIVE-ALARMS-ARMED'], // Monitoring and alerting operational
    [473, 'DOC-CURRENT'], // Documentation updated
  ],
  '002_836b66d284f4ca17.txt': [
    [6, 'PIPELINE-TESTS-PASSING'], // All tests passing (unit, integration, property tests)
    [7, 'PIPELINE-COVERAGE'], // Code coverage >= 80%
    [8, 'PIPELINE-SECURITY-SCAN'], // No critical or high security issues
    [9, 'PIPELINE-CODE-REVIEW'], // Code review completed
    [10, 'DOC-CURRENT'], // Documentation updated
    [13, 'SECRETS-NO-PLAINTEXT'], // All secrets stored in environment variables
    [14, 'PIPELINE-SECRET-SCAN'], // No hardcoded credentials in code
    [15, 'HEADERS-RESPONSE-POLICY'], // Security headers configured
    [16, 'EDGE-HTTPS-REDIRECT'], // HTTPS enforced
    [17, 'LIVE-CERTIFICATES'], // SSL/TLS certificates valid
    [18, 'EDGE-CORS'], // CORS configured correctly
    [19, 'WAF-RATE-LIMIT'], // Rate limiting enabled
    [20, 'APPSEC-INPUT-VALIDATION'], // Input validation implemented
    [21, 'APPSEC-INJECTION-PREVENTION'], // SQL injection prevention verified
    [22, 'APPSEC-INJECTION-PREVENTION'], // XSS prevention verified
    [25, 'PIPELINE-MIGRATION-TEST'], // Database migrations tested
    [26, 'BACKUP-PLAN'], // Backup system configured
    [27, 'DB-CONNECTION-POOLING'], // Connection pooling optimized
    [28, 'DB-SCHEMA-REVIEWED'], // Indexes created for performance
    [29, 'DB-CREDENTIALS-MANAGED'], // Database credentials secured
    [30, 'DB-TLS-ENFORCED'], // TLS encryption enabled
    [33, 'LIVE-TARGETS-HEALTHY'], // Health check endpoint working
    [34, 'METRICS-COLLECTED'], // Metrics collection configured
    [35, 'ALARM-STANDARD-SET'], // Alerting rules set up
    [36, 'LOG-CENTRALIZED'], // Log aggregation configured
    [37, 'LOG-ERROR-TRACKING'], // Error tracking enabled (Sentry/similar)
    [38, 'LOG-TRACING'], // Performance monitoring enabled
    [41, 'EDGE-CDN'], // CDN configured for static assets
    [42, 'PIPELINE-ASSET-OPTIMIZATION'], // Image optimization enabled
    [43, 'EDGE-CDN'], // Response compression enabled
    [44, 'EDGE-CDN'], // Caching headers configured
    [45, 'DB-SCHEMA-REVIEWED'], // Database queries optimized
    [46, 'PIPELINE-LOAD-TEST'], // Load testing completed
    [49, 'PRIVACY-DATA-SUBJECT-RIGHTS'], // Data export functionality tested
    [50, 'PRIVACY-DATA-SUBJECT-RIGHTS'], // Data deletion functionality tested
    [51, 'PRIVACY-NOTICE-CONSENT'], // Consent management implemented
    [52, 'AUDIT-LOGGING'], // Audit logging enabled
    [53, 'DB-ENCRYPTION-AT-REST'], // Data encryption at rest enabled
    [54, 'PRIVACY-NOTICE-CONSENT'], // Privacy policy updated
    [116, 'VERIFY-LOGS-REVIEWED'], // Check application logs
    [117, 'VERIFY-MONITORING-WORKING'], // Verify metrics in Grafana
    [118, 'LIVE-ERROR-RATE'], // Check error rates
    [119, 'LIVE-LATENCY'], // Monitor response times
    [120, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Verify database connections
    [121, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Check Redis connectivity
    [207, 'DASHBOARD-SERVICE'], // Request rate (requests/second)
    [208, 'DASHBOARD-SERVICE'], // Response time (P50, P95, P99)
    [209, 'DASHBOARD-SERVICE'], // Error rate (%)
    [210, 'DASHBOARD-INFRASTRUCTURE'], // Database connection pool usage
    [211, 'DASHBOARD-INFRASTRUCTURE'], // Redis connection pool usage
    [212, 'DASHBOARD-INFRASTRUCTURE'], // Memory usage
    [213, 'DASHBOARD-INFRASTRUCTURE'], // CPU usage
    [214, 'DASHBOARD-INFRASTRUCTURE'], // Disk usage
    [217, 'ALARM-ERROR-RATE'], // Error rate > 1%
    [218, 'ALARM-LATENCY-P95'], // P95 response time > 500ms
    [219, 'ALARM-DB-CONNECTIONS'], // Database connection pool > 90%
    [220, 'ALARM-MEMORY'], // Memory usage > 85%
    [221, 'ALARM-DISK'], // Disk usage > 80%
    [222, 'ALARM-UNHEALTHY-HOSTS'], // Health check failures
    [223, 'EDGE-CERTIFICATE-EXPIRY-ALARM'], // SSL certificate expiring (< 30 days)
    [228, 'PIPELINE-DAST'], // Run OWASP ZAP scan
    [229, 'PIPELINE-SECURITY-SCAN'], // Run Bandit security scan
    [230, 'PIPELINE-DEPENDENCY-AUDIT'], // Check dependency vulnerabilities (safety)
    [231, 'HEADERS-RESPONSE-POLICY'], // Verify all security headers
    [232, 'APPSEC-AUTHENTICATION'], // Test authentication flows
    [233, 'APPSEC-AUTHORIZATION'], // Test authorization rules
    [234, 'WAF-RATE-LIMIT'], // Verify rate limiting
    [235, 'APPSEC-INPUT-VALIDATION'], // Test input validation
    [236, 'PIPELINE-SECRET-SCAN'], // Check for exposed secrets
    [254, 'PIPELINE-LOAD-TEST'], // 100 concurrent users: Error rate < 0.1%
    [255, 'PIPELINE-LOAD-TEST'], // 500 concurrent users: Error rate < 0.1%
    [256, 'PIPELINE-LOAD-TEST'], // 1000 concurrent users: Error rate < 0.1%
    [257, 'PIPELINE-LOAD-TEST'], // P95 response time < 500ms
    [258, 'PIPELINE-LOAD-TEST'], // P99 response time < 1000ms
    [261, 'EDGE-CDN'], // Static assets served from CDN
    [262, 'EDGE-CDN'], // Cache headers configured
    [263, 'PIPELINE-ASSET-OPTIMIZATION'], // Image optimization enabled
    [264, 'EDGE-CDN'], // Compression enabled (Gzip/Brotli)
    [319, 'LIVE-DEPLOYMENT-SUCCEEDED'], // Verify all services running
    [320, 'LIVE-ERROR-RATE'], // Check error rates
    [321, 'LIVE-LATENCY'], // Monitor response times
    [322, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Verify database connectivity
    [323, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Check Redis connectivity
    [326, 'VERIFY-LOGS-REVIEWED'], // Review logs for errors
    [327, 'OPS-HYPERCARE'], // Check metrics trends
    [328, 'LIVE-BACKUP-JOBS'], // Verify backup completed
    [329, 'LIVE-ALARMS-QUIET'], // Review alert triggers
    [330, 'DOC-CURRENT'], // Update documentation
    [333, 'OPS-RETROSPECTIVE'], // Conduct post-deployment review
    [334, 'OPS-RETROSPECTIVE'], // Document lessons learned
    [335, 'DOC-RUNBOOK'], // Update runbooks
    [336, 'OPS-HYPERCARE'], // Review performance metrics
    [337, 'OPS-RETROSPECTIVE'], // Plan next deployment
    [393, 'SIGNOFF-TECH-LEAD'], // Engineering Lead: _________________ Date: _______
    [394, 'SIGNOFF-OPERATIONS-LEAD'], // DevOps Lead: _________________ Date: _______
    [395, 'SIGNOFF-SECURITY-LEAD'], // Security Review: _________________ Date: _______
    [398, 'VERIFY-DEPLOYMENT-SUCCESS'], // Deployment Successful: _________________ Date: _______
    [399, 'VERIFY-MONITORING-WORKING'], // Monitoring Verified: _________________ Date: _______
    [400, 'VERIFY-NO-CRITICAL-ISSUES'], // No Critical Issues: _________________ Date: _______
  ],
  '003_756c654adc15dd2e.txt': [
    [16, 'VERIFY-ENVIRONMENT-READY'], // Cloud Infrastructure Provisioned
    [17, 'COMPUTE-PROVISIONED'], // Kubernetes cluster created (if using K8s)
    [18, 'COMPUTE-PROVISIONED'], // Virtual machines provisioned (if using Docker Compose)
    [19, 'NET-PRIVATE-SUBNETS'], // Network configuration completed
    [20, 'NET-RESTRICTED-INGRESS'], // Firewall rules configured
    [21, 'EDGE-REVERSE-PROXY'], // Load balancer provisioned
    [22, 'EDGE-DNS'], // DNS records created
    [24, 'DB-PROVISIONED'], // Database Setup
    [25, 'DB-PROVISIONED'], // PostgreSQL instance created
    [26, 'DB-APP-USER-LEAST-PRIVILEGE'], // Database user created with appropriate permissions
    [27, 'DB-TLS-ENFORCED'], // SSL/TLS certificates configured
    [28, 'DB-CONNECTION-POOLING'], // Connection pooling configured (PgBouncer if needed)
    [29, 'DB-BACKUP-RETENTION'], // Backup automation configured
    [30, 'DB-MULTI-AZ'], // Read replicas configured (if applicable)
    [31, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Connection tested from application servers
    [33, 'CACHE-PROVISIONED'], // Cache Layer Setup
    [34, 'CACHE-PROVISIONED'], // Redis instance created
    [35, 'CACHE-AUTH'], // Redis password configured
    [36, 'CACHE-SNAPSHOT-RETENTION'], // Persistence enabled (AOF or RDB)
    [37, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Connection tested from application servers
    [39, 'BACKUP-BUCKET-SECURED'], // Storage Setup
    [40, 'BACKUP-BUCKET-SECURED'], // S3 bucket created for backups
    [41, 'IAM-LEAST-PRIVILEGE'], // IAM roles/policies configured
    [42, 'BACKUP-BUCKET-LIFECYCLE'], // Lifecycle policies configured
    [43, 'BACKUP-BUCKET-SECURED'], // Encryption enabled
    [47, 'SECRETS-MANAGED'], // Secrets Manager Configured
    [48, 'SECRETS-MANAGED'], // AWS Secrets Manager / Azure Key Vault / HashiCorp Vault set up
    [49, 'SECRETS-ACCESS-SCOPED'], // IAM permissions configured for application access
    [50, 'SECRETS-ROTATION'], // Automatic rotation policies configured
    [52, 'SECRETS-EXTERNAL-CREDENTIALS'], // API Keys Obtained
    [53, 'SECRETS-EXTERNAL-CREDENTIALS'], // CRM API key obtained and tested
    [54, 'SECRETS-EXTERNAL-CREDENTIALS'], // Platform API key obtained and tested
    [55, 'SECRETS-EXTERNAL-CREDENTIALS'], // OpenAI API key obtained and tested
    [56, 'SECRETS-EXTERNAL-CREDENTIALS'], // Google Cloud service account created
    [57, 'SECRETS-EXTERNAL-CREDENTIALS'], // Notion API key obtained (if applicable)
    [59, 'SECRETS-STRENGTH'], // Security Secrets Generated
    [60, 'SECRETS-STRENGTH'], // JWT secret key generated (32+ characters)
    [61, 'SECRETS-STRENGTH'], // API key encryption key generated (32+ characters)
    [62, 'SECRETS-STRENGTH'], // Content Generator API key generated
    [63, 'SECRETS-STRENGTH'], // Webhook secrets generated
    [65, 'SECRETS-MANAGED'], // Secrets Stored
    [66, 'SECRETS-MANAGED'], // Run `scripts/setup_aws_secrets.sh` (or equivalent)
    [67, 'SECRETS-MANAGED'], // All secrets verified in secrets manager
    [68, 'SECRETS-ACCESS-SCOPED'], // Access policies tested
    [72, 'CONFIG-REQUIRED-SET'], // Environment Configuration
    [73, 'CONFIG-REQUIRED-SET'], // `.env.production` created from template
    [74, 'CONFIG-REQUIRED-SET'], // All placeholder values replaced
    [75, 'CONFIG-SERVICE-ENDPOINTS'], // Database connection string configured
    [76, 'CONFIG-SERVICE-ENDPOINTS'], // Redis connection string configured
    [77, 'CONFIG-SERVICE-ENDPOINTS'], // External service URLs configured
    [78, 'CONFIG-LOG-LEVEL'], // Log levels set appropriately (WARNING/INFO)
    [79, 'CONFIG-DEBUG-OFF'], // Debug mode disabled (`DEBUG=false`)
    [80, 'CONFIG-NO-MOCKS'], // Dry run disabled (`DRY_RUN=false`, `USE_MOCK_SERVICES=false`)
    [82, 'EDGE-CERTIFICATE-MANAGED'], // SSL/TLS Certificates
    [83, 'EDGE-CERTIFICATE-MANAGED'], // SSL certificates obtained (Let's Encrypt or commercial CA)
    [84, 'EDGE-HTTPS-LISTENER'], // Certificates installed on load balancer/ingress
    [85, 'EDGE-CERTIFICATE-MANAGED'], // Certificate auto-renewal configured
    [86, 'EDGE-CERTIFICATE-EXPIRY-ALARM'], // Certificate expiration monitoring configured
    [88, 'PIPELINE-BUILD'], // Container Images
    [89, 'PIPELINE-BUILD'], // Production Dockerfile created (`Dockerfile.prod`)
    [90, 'PIPELINE-BUILD'], // Multi-stage build optimized
    [91, 'PIPELINE-IMAGE-SCAN'], // Security scanning completed
    [92, 'PIPELINE-BUILD'], // Image built and pushed to registry
    [93, 'K8S-PINNED-IMAGE'], // Image tags/versions documented
    [97, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Service Connectivity Tested
    [98, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Run `python scripts/validate_external_services.py --all`
    [99, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Google Docs API accessible
    [100, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Notion API accessible (if used)
    [101, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // OpenAI API accessible
    [102, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // CRM service reachable and authenticated
    [103, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Platform service reachable and authenticated
    [104, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Database connection successful
    [105, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Redis connection successful
    [107, 'SECRETS-EXTERNAL-CREDENTIALS'], // Service Permissions Verified
    [108, 'SECRETS-EXTERNAL-CREDENTIALS'], // Google service account has document access
    [109, 'SECRETS-EXTERNAL-CREDENTIALS'], // Notion integration has database access
    [110, 'DB-APP-USER-LEAST-PRIVILEGE'], // Database user has correct privileges
    [111, 'OPS-CAPACITY-PLAN'], // API rate limits reviewed and acceptable
    [115, 'METRICS-COLLECTED'], // Monitoring Stack Deployed
    [116, 'METRICS-COLLECTED'], // Prometheus deployed and configured
    [117, 'DASHBOARD-SERVICE'], // Grafana deployed and configured
    [118, 'LOG-TRACING'], // Jaeger deployed (for tracing)
    [119, 'LOG-CENTRALIZED'], // Log aggregation configured (ELK, CloudWatch, etc.)
    [121, 'DASHBOARD-SERVICE'], // Dashboards Configured
    [122, 'DASHBOARD-SERVICE'], // Application overview dashboard
    [123, 'DASHBOARD-SERVICE'], // Performance metrics dashboard
    [124, 'DASHBOARD-INFRASTRUCTURE'], // Infrastructure metrics dashboard
    [125, 'DASHBOARD-BUSINESS'], // Business metrics dashboard
    [127, 'ALARM-STANDARD-SET'], // Alerts Configured
    [128, 'ALARM-ERROR-RATE'], // High error rate alerts
    [129, 'ALARM-LATENCY-P95'], // High response time alerts
    [130, 'HEALTH-EXTERNAL-PROBE'], // Service down alerts
    [131, 'ALARM-DB-CONNECTIONS'], // Database connection alerts
    [132, 'ALARM-CPU'], // Memory/CPU threshold alerts
    [133, 'ALARM-NOTIFICATION-CHANNELS'], // Alert destinations configured (email, Slack)
    [137, 'TEST-STAGING-REHEARSAL'], // Staging Environment
    [138, 'TEST-STAGING-REHEARSAL'], // Staging environment matches production configuration
    [139, 'TEST-STAGING-REHEARSAL'], // Full deployment tested in staging
    [140, 'PIPELINE-LOAD-TEST'], // Load testing completed
    [141, 'PIPELINE-PERFORMANCE-TEST'], // Performance benchmarks meet SLA requirements
    [142, 'LIVE-FAILOVER-DRILL'], // Failover scenarios tested
    [144, 'PIPELINE-TESTS-PASSING'], // Integration Tests
    [145, 'PIPELINE-TESTS-PASSING'], // All integration tests passing
    [146, 'PIPELINE-TESTS-PASSING'], // Contract tests passing
    [147, 'PIPELINE-E2E-TESTS'], // End-to-end tests passing
    [148, 'PIPELINE-PERFORMANCE-TEST'], // Performance tests passing
    [150, 'PIPELINE-LOAD-TEST'], // Load Testing
    [151, 'PIPELINE-PERFORMANCE-TEST'], // Run `python scripts/run_performance_baseline.py`
    [152, 'PIPELINE-LOAD-TEST'], // Response time < 500ms for 95th percentile
    [153, 'PIPELINE-LOAD-TEST'], // Error rate < 0.1%
    [154, 'PIPELINE-LOAD-TEST'], // Successful handling of expected peak load
    [155, 'TEST-SCALING'], // Auto-scaling verified
    [163, 'DEPLOY-TEAM-READY'], // Team Readiness
    [164, 'COMMS-STAKEHOLDERS-NOTIFIED'], // All team members notified of deployment
    [165, 'DOC-ROLLBACK-PLAN'], // Rollback plan reviewed
    [166, 'OPS-ONCALL-ROTATION'], // On-call engineer identified
    [167, 'COMMS-STAKEHOLDERS-NOTIFIED'], // Deployment window communicated
    [169, 'SIGNOFF-GO-NO-GO'], // Final Checks
    [170, 'PIPELINE-TESTS-PASSING'], // All tests passing in CI/CD
    [171, 'VERIFY-NO-CRITICAL-ISSUES'], // No critical bugs in backlog
    [172, 'DB-MIGRATION-PLAN'], // Database migrations prepared (if applicable)
    [173, 'TEST-ROLLBACK'], // Rollback scripts tested
    [174, 'COMMS-STATUS-PAGE'], // Maintenance page ready (if needed)
    [180, 'DEPLOY-PROGRESSIVE'], // Deploy to Docker Compose
    [184, 'PIPELINE-GOLIVE-CHECK'], // Pre-deployment checks passed
    [185, 'PIPELINE-BUILD'], // Images built successfully
    [186, 'DEPLOY-ZERO-DOWNTIME'], // Rolling update completed
    [187, 'LIVE-TARGETS-HEALTHY'], // Health checks passing
    [188, 'LIVE-TARGETS-HEALTHY'], // All services healthy
    [189, 'PIPELINE-SMOKE-TESTS'], // Endpoints responding correctly
    [193, 'DEPLOY-PROGRESSIVE'], // Deploy to Kubernetes
    [197, 'VERIFY-ENVIRONMENT-READY'], // Cluster connectivity verified
    [198, 'K8S-SECRET-REFERENCES'], // Secrets validated
    [199, 'CONFIG-AS-CODE'], // ConfigMaps applied
    [200, 'COMPUTE-PROVISIONED'], // Deployment applied
    [201, 'SCALING-MIN-CAPACITY'], // Pods running (3/3 minimum)
    [202, 'SCALING-AUTOSCALING'], // HPA configured and active
    [203, 'EDGE-REVERSE-PROXY'], // Ingress configured
    [204, 'PIPELINE-SMOKE-TESTS'], // Endpoints responding correctly
    [208, 'VERIFY-SERVICES-HEALTHY'], // Service Health
    [209, 'LIVE-TARGETS-HEALTHY'], // Health endpoint responding: `curl https://api.halcytone.com/health`
    [210, 'K8S-PROBES'], // Readiness endpoint responding: `curl https://api.halcytone.com/ready`
    [211, 'DOC-API'], // API docs accessible: `https://api.halcytone.com/docs`
    [213, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // External Service Connectivity
    [214, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // Run validation: `python scripts/validate_external_services.py --all`
    [215, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // All external services reachable
    [216, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // No authentication errors in logs
    [218, 'PIPELINE-SMOKE-TESTS'], // Functional Testing
    [219, 'PIPELINE-SMOKE-TESTS'], // Content generation working
    [220, 'PIPELINE-SMOKE-TESTS'], // Email distribution working
    [221, 'PIPELINE-SMOKE-TESTS'], // Platform integration working
    [222, 'PIPELINE-SMOKE-TESTS'], // CRM integration working
    [223, 'PIPELINE-SMOKE-TESTS'], // Caching working
    [224, 'PIPELINE-SMOKE-TESTS'], // Scheduling working
    [226, 'VERIFY-PERFORMANCE'], // Performance Verification
    [227, 'LIVE-LATENCY'], // Response times within SLA (<500ms)
    [228, 'LIVE-ERROR-RATE'], // Error rate within SLA (<0.1%)
    [229, 'LIVE-CPU'], // CPU usage normal (<70%)
    [230, 'LIVE-MEMORY'], // Memory usage normal (<80%)
    [231, 'LIVE-DB-CONNECTIONS'], // Database connections normal
    [235, 'VERIFY-MONITORING-WORKING'], // Metrics Collection
    [236, 'VERIFY-MONITORING-WORKING'], // Prometheus collecting metrics
    [237, 'VERIFY-MONITORING-WORKING'], // Grafana dashboards showing data
    [238, 'VERIFY-MONITORING-WORKING'], // No gaps in metric collection
    [240, 'VERIFY-MONITORING-WORKING'], // Logging
    [241, 'LIVE-LOGS-FLOWING'], // Application logs flowing
    [242, 'VERIFY-LOGS-REVIEWED'], // No critical errors in logs
    [243, 'CONFIG-LOG-LEVEL'], // Log levels appropriate
    [244, 'LIVE-LOGS-FLOWING'], // Log aggregation working
    [246, 'TEST-ALERT-DELIVERY'], // Alerts
    [247, 'LIVE-ALARMS-ARMED'], // Alert system functional
    [248, 'TEST-ALERT-DELIVERY'], // Test alert sent and received
    [249, 'TEST-ALERT-DELIVERY'], // Alert routing correct
    [253, 'DOC-DEPLOYMENT-NOTES'], // Deployment Documentation
    [254, 'DOC-DEPLOYMENT-NOTES'], // Deployment notes documented
    [255, 'DOC-DEPLOYMENT-NOTES'], // Version/tag recorded
    [256, 'DOC-CONFIGURATION'], // Configuration changes documented
    [257, 'DOC-DEPLOYMENT-NOTES'], // Known issues documented
    [259, 'DOC-RUNBOOK'], // Runbooks Updated
    [260, 'DOC-RUNBOOK'], // Operations runbook current
    [261, 'DOC-RUNBOOK'], // Troubleshooting guide current
    [262, 'DOC-ESCALATION'], // Escalation procedures current
    [270, 'VERIFY-STABLE-PERIOD'], // 24-Hour Health Check
    [271, 'VERIFY-NO-CRITICAL-ISSUES'], // No critical errors
    [272, 'VERIFY-PERFORMANCE'], // Performance within SLA
    [273, 'VERIFY-RESOURCE-USAGE'], // No memory leaks detected
    [274, 'VERIFY-DEPENDENCY-CONNECTIVITY'], // No database connection issues
    [275, 'TEST-SCALING'], // Auto-scaling working as expected
    [277, 'VERIFY-USER-FEEDBACK'], // User Feedback
    [278, 'VERIFY-USER-FEEDBACK'], // No major user complaints
    [279, 'VERIFY-BUSINESS-CRITERIA'], // Content quality acceptable
    [280, 'VERIFY-BUSINESS-CRITERIA'], // Delivery times acceptable
    [284, 'OPS-PERFORMANCE-TUNING'], // Performance Tuning
    [285, 'OPS-PERFORMANCE-TUNING'], // Review slow query logs
    [286, 'OPS-PERFORMANCE-TUNING'], // Optimize database queries if needed
    [287, 'OPS-PERFORMANCE-TUNING'], // Adjust cache TTL if needed
    [288, 'OPS-PERFORMANCE-TUNING'], // Tune connection pools if needed
    [290, 'OPS-PERFORMANCE-TUNING'], // Scaling Adjustment
    [291, 'OPS-PERFORMANCE-TUNING'], // Review auto-scaling behavior
    [292, 'OPS-PERFORMANCE-TUNING'], // Adjust HPA thresholds if needed
    [293, 'K8S-RESOURCE-LIMITS'], // Adjust resource limits if needed
    [297, 'OPS-SECURITY-REVIEW'], // Security Review
    [298, 'OPS-SECURITY-REVIEW'], // Review access logs for anomalies
    [299, 'LOG-NO-SECRETS'], // Verify no secrets in logs
    [300, 'LIVE-CERTIFICATES'], // Confirm SSL/TLS working correctly
    [301, 'OPS-SECURITY-REVIEW'], // Review API authentication patterns
    [305, 'BACKUP-RESTORE-TESTED'], // Backup Testing
    [306, 'LIVE-BACKUP-JOBS'], // Verify automated backups running
    [307, 'LIVE-RESTORE-TESTS'], // Test backup restoration
    [308, 'BACKUP-PLAN'], // Verify backup retention policy
    [309, 'LIVE-BACKUP-COPIES'], // Confirm off-site backup replication
    [317, 'SIGNOFF-GO-NO-GO'], // Technical Criteria
    [318, 'VERIFY-STABLE-PERIOD'], // All services healthy for 24 hours
    [319, 'VERIFY-PERFORMANCE'], // Performance metrics within SLA
    [320, 'VERIFY-NO-CRITICAL-ISSUES'], // No critical bugs
    [321, 'LIVE-ALARMS-ARMED'], // Monitoring and alerts functional
    [322, 'LIVE-BACKUP-JOBS'], // Backups successful
    [324, 'VERIFY-BUSINESS-CRITERIA'], // Business Criteria
    [325, 'VERIFY-BUSINESS-CRITERIA'], // Content generation accuracy acceptable
    [326, 'VERIFY-BUSINESS-CRITERIA'], // Delivery success rate acceptable
    [327, 'VERIFY-USER-FEEDBACK'], // User feedback positive
    [328, 'SIGNOFF-PRODUCT-OWNER'], // Stakeholder approval obtained
    [332, 'SIGNOFF-DEPLOYMENT-MANAGER'], // Deployment Manager: _________________ Date: _______
    [333, 'SIGNOFF-TECH-LEAD'], // Technical Lead: _________________ Date: _______
    [334, 'SIGNOFF-PRODUCT-OWNER'], // Product Owner: _________________ Date: _______
    [382, 'COMMS-STAKEHOLDERS-NOTIFIED'], // Notify stakeholders
    [383, 'OPS-INCIDENT-REPORT'], // Document issue in incident report
    [384, 'OPS-INCIDENT-REPORT'], // Review logs and metrics
    [385, 'OPS-INCIDENT-REPORT'], // Identify root cause
    [386, 'OPS-INCIDENT-REPORT'], // Create fix plan
    [387, 'DEPLOY-PLAN'], // Schedule re-deployment
  ],
  '004_9f2b73dd8f5971f3.txt': [
    [5, 'PIPELINE-TESTS-PASSING'], // All development testing completed with >95% pass rate
    [6, 'SECURITY-AUDIT-COMPLETED'], // Security audit completed and vulnerabilities addressed
    [7, 'PIPELINE-PERFORMANCE-TEST'], // Performance benchmarks meet SLA requirements
    [8, 'TEST-DISASTER-RECOVERY'], // Disaster recovery procedures tested and verified
    [9, 'ALARM-STANDARD-SET'], // Monitoring and alerting fully configured
    [10, 'TRAINING-TEAM'], // Operations team trained on procedures
    [505, 'SIGNOFF-TECH-LEAD'], // Technical Validation (All tests pass, performance meets SLA)
    [506, 'SIGNOFF-SECURITY-LEAD'], // Security Clearance (Security audit complete, vulnerabilities resolved)
    [507, 'VERIFY-ENVIRONMENT-READY'], // Infrastructure Ready (Environment configured, resources allocated)
    [508, 'VERIFY-MONITORING-WORKING'], // Monitoring Active (Full observability stack operational)
    [509, 'BACKUP-RESTORE-TESTED'], // Backup Systems (Backup and recovery procedures tested)
    [510, 'SIGNOFF-OPERATIONS-LEAD'], // Operations Ready (Team trained, procedures documented)
    [511, 'TEST-ROLLBACK'], // Rollback Plan (Rollback procedures tested and ready)
    [636, 'VERIFY-STABLE-PERIOD'], // System stable for 24 hours
    [637, 'VERIFY-PERFORMANCE'], // Performance within 10% of baseline
    [638, 'LIVE-ERROR-RATE'], // Error rate <1%
    [639, 'LIVE-ALARMS-QUIET'], // No critical alerts fired
    [640, 'VERIFY-USER-FEEDBACK'], // User/agent feedback positive
  ],
};
