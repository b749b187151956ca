/**
 * The AWS control ids the catalog items name, each verified against AWS's own documentation:
 * the title AWS gives it and the page it is on. An item may name only ids of this table
 * (test/checklist/controls.test.ts); an id that could not be verified is not here, and so
 * cannot be on an item.
 *
 * Security Hub: the "Security Hub controls reference" pages
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html).
 * Control Tower: the proactive controls of the "Controls Reference Guide"
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/<service>-rules.html).
 * @internal
 */
export interface ControlDef {
  /** The control id, e.g. `RDS.3` or `CT.RDS.PR.24`. */
  readonly id: string;
  /** The title AWS gives the control. */
  readonly title: string;
  /** The documentation page (and anchor) the id and title were read from. */
  readonly source: string;
}

const SH = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const CT = 'https://docs.aws.amazon.com/controltower/latest/controlreference';

/** A Security Hub control: `RDS.3` is on `rds-controls.html#rds-3`. */
function sh(id: string, title: string): ControlDef {
  const [service, n] = id.split('.');
  return { id, title, source: `${SH}/${service.toLowerCase()}-controls.html#${service.toLowerCase()}-${n}` };
}

/** A Control Tower proactive control: `CT.RDS.PR.24` is on `<page>-rules.html#ct-rds-pr-24-description`. */
function ct(id: string, page: string, title: string): ControlDef {
  return { id, title, source: `${CT}/${page}-rules.html#${id.toLowerCase().replace(/\./g, '-')}-description` };
}

/**
 * AWS Security Hub (Foundational Security Best Practices) controls named by catalog items.
 * @internal
 */
export const SECURITY_HUB_CONTROLS: ControlDef[] = [
  sh('ACM.1', 'Imported and ACM-issued certificates should be renewed after a specified time period'),
  sh('APIGateway.3', 'API Gateway REST API stages should have AWS X-Ray tracing enabled'),
  sh('APIGateway.8', 'API Gateway routes should specify an authorization type'),
  sh('Backup.1', 'AWS Backup recovery points should be encrypted at rest'),
  sh('CloudFront.3', 'CloudFront distributions should require encryption in transit'),
  sh('CloudFront.5', 'CloudFront distributions should have logging enabled'),
  sh('CloudFront.6', 'CloudFront distributions should have WAF enabled'),
  sh('CloudTrail.1', 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events'),
  sh('CloudTrail.2', 'CloudTrail should have encryption at-rest enabled'),
  sh('CloudTrail.4', 'CloudTrail log file validation should be enabled'),
  sh('CloudTrail.5', 'CloudTrail trails should be integrated with Amazon CloudWatch Logs'),
  sh('CloudWatch.15', 'CloudWatch alarms should have an action configured for the ALARM state'),
  sh('CloudWatch.16', 'CloudWatch log groups should be retained for at least 1 year'),
  sh('CloudWatch.17', 'CloudWatch alarm actions should be activated'),
  sh('EC2.6', 'VPC flow logging should be enabled in all VPCs'),
  sh('EC2.8', 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)'),
  sh('EC2.9', 'EC2 instances should not have a public IPv4 address'),
  sh('EC2.13', 'Security groups should not allow ingress from 0.0.0.0/0 to port 22'),
  sh('EC2.18', 'Security groups should only allow unrestricted incoming traffic for authorized ports'),
  sh('EC2.19', 'Security groups should not allow unrestricted access to ports with high risk'),
  sh('EC2.21', 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389'),
  sh('ECR.2', 'ECR private repositories should have tag immutability configured'),
  sh('ECR.3', 'ECR repositories should have at least one lifecycle policy configured'),
  sh('ECS.1', 'Amazon ECS task definitions should have secure networking modes and user definitions'),
  sh('ECS.2', 'ECS services should not have public IP addresses assigned to them automatically'),
  sh('ECS.4', 'ECS containers should run as non-privileged'),
  sh('ECS.5', 'ECS containers should be limited to read-only access to root filesystems'),
  sh('ECS.8', 'Secrets should not be passed as container environment variables'),
  sh('ECS.12', 'ECS clusters should use Container Insights'),
  sh('ElastiCache.1', 'ElastiCache (Redis OSS) clusters should have automatic backups enabled'),
  sh('ElastiCache.3', 'ElastiCache replication groups should have automatic failover enabled'),
  sh('ElastiCache.4', 'ElastiCache replication groups should have encryption-at-rest enabled'),
  sh('ElastiCache.5', 'ElastiCache replication groups should have encryption-in-transit enabled'),
  sh('ElastiCache.6', 'ElastiCache replication groups of earlier Redis versions should have Redis AUTH enabled'),
  sh('ELB.1', 'Application Load Balancer should be configured to redirect all HTTP requests to HTTPS'),
  sh('ELB.4', 'Application Load Balancer should be configured to drop invalid http headers'),
  sh('ELB.5', 'Application and Classic Load Balancers logging should be enabled'),
  sh('ELB.6', 'Application, Gateway, and Network Load Balancers should have deletion protection enabled'),
  sh('ELB.12', 'Application Load Balancer should be configured with defensive or strictest desync mitigation mode'),
  sh('ELB.13', 'Application, Network and Gateway Load Balancers should span multiple Availability Zones'),
  sh('ELB.14', 'Classic Load Balancer should be configured with defensive or strictest desync mitigation mode'),
  sh('ELB.16', 'Application Load Balancers should be associated with an AWS WAF web ACL'),
  sh('ELB.17', 'Application and Network Load Balancers with listeners should use recommended security policies'),
  sh('IAM.1', 'IAM policies should not allow full "*" administrative privileges'),
  sh('IAM.21', 'IAM customer managed policies that you create should not allow wildcard actions for services'),
  sh('KMS.4', 'AWS KMS key rotation should be enabled'),
  sh('RDS.2', 'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible AWS Configuration'),
  sh('RDS.3', 'RDS DB instances should have encryption at-rest enabled'),
  sh('RDS.4', 'RDS cluster snapshots and database snapshots should be encrypted at rest'),
  sh('RDS.5', 'RDS DB instances should be configured with multiple Availability Zones'),
  sh('RDS.6', 'Enhanced monitoring should be configured for RDS DB instances'),
  sh('RDS.7', 'RDS clusters should have deletion protection enabled'),
  sh('RDS.8', 'RDS DB instances should have deletion protection enabled'),
  sh('RDS.9', 'RDS DB instances should publish logs to CloudWatch Logs'),
  sh('RDS.10', 'IAM authentication should be configured for RDS instances'),
  sh('RDS.11', 'RDS instances should have automatic backups enabled'),
  sh('RDS.12', 'IAM authentication should be configured for RDS clusters'),
  sh('RDS.15', 'RDS DB clusters should be configured for multiple Availability Zones'),
  sh('RDS.26', 'RDS DB instances should be protected by a backup plan'),
  sh('S3.5', 'S3 buckets should require requests to use Secure Socket Layer'),
  sh('S3.8', 'S3 Block Public Access setting should be enabled at the bucket-level'),
  sh('S3.10', 'S3 buckets with versioning enabled should have lifecycle policies configured'),
  sh('S3.13', 'S3 buckets should have lifecycle policies configured'),
  sh('SecretsManager.1', 'Secrets Manager secrets should have automatic rotation enabled'),
  sh('SecretsManager.4', 'Secrets Manager secrets should be rotated within a specified number of days'),
  sh('SNS.1', 'SNS topics should be encrypted at-rest using AWS KMS'),
  sh('WAF.10', 'A WAFV2 web ACL should have at least one rule or rule group'),
  sh('WAF.11', 'AWS WAFv2 web ACL logging should be activated'),
];

/**
 * AWS Control Tower proactive controls named by catalog items.
 * @internal
 */
export const CONTROL_TOWER_CONTROLS: ControlDef[] = [
  ct('CT.APIGATEWAY.PR.2', 'api-gateway', 'Require an Amazon API Gateway REST API stage to have AWS X-Ray tracing activated'),
  ct('CT.CLOUDFRONT.PR.3', 'cloudfront', 'Require an Amazon CloudFront distribution to have encryption in transit configured'),
  ct('CT.CLOUDFRONT.PR.5', 'cloudfront', 'Require any Amazon CloudFront distribution to have logging enabled'),
  ct('CT.CLOUDTRAIL.PR.1', 'cloudtrail', 'Require an AWS CloudTrail trail to have encryption at rest activated'),
  ct('CT.CLOUDTRAIL.PR.2', 'cloudtrail', 'Require an AWS CloudTrail trail to have log file validation activated'),
  ct('CT.CLOUDTRAIL.PR.3', 'cloudtrail', 'Require an AWS CloudTrail trail to have an Amazon CloudWatch Logs log group configuration'),
  ct('CT.CLOUDWATCH.PR.1', 'cloudwatch', 'Require an Amazon CloudWatch alarm to have an action configured for the alarm state'),
  ct('CT.CLOUDWATCH.PR.2', 'cloudwatch', 'Require an Amazon CloudWatch log group to be retained for at least one year'),
  ct('CT.CLOUDWATCH.PR.3', 'cloudwatch', 'Require an Amazon CloudWatch log group to be encrypted at rest with an AWS KMS key'),
  ct('CT.CLOUDWATCH.PR.4', 'cloudwatch', 'Require an Amazon CloudWatch alarm to have actions activated'),
  ct('CT.EC2.PR.1', 'ec2', 'Require an Amazon EC2 launch template to have IMDSv2 configured'),
  ct('CT.EC2.PR.3', 'ec2', 'Require that any Amazon EC2 security group rule does not use the source IP range 0.0.0.0/0 or ::/0 for ports other than 80 and 443'),
  ct('CT.EC2.PR.4', 'ec2', 'Require that any Amazon EC2 security group rule does not use the source IP range 0.0.0.0/0 or ::/0 for specific high-risk ports'),
  ct('CT.EC2.PR.5', 'ec2', 'Require any Amazon EC2 network ACL to prevent ingress from 0.0.0.0/0 to port 22 or port 3389'),
  ct('CT.EC2.PR.8', 'ec2', 'Require any Amazon EC2 instance to have a non-public IP address'),
  ct('CT.ECR.PR.1', 'ecr', 'Require Amazon ECR repositories to have a lifecycle policy configured'),
  ct('CT.ECR.PR.3', 'ecr', 'Require Amazon ECR private repositories to have tag immutability enabled'),
  ct('CT.ECS.PR.2', 'ecs', 'Require any Amazon ECS cluster to have container insights activated'),
  ct('CT.ECS.PR.3', 'ecs', 'Require any Amazon ECS task definition to specify a user that is not the root'),
  ct('CT.ECS.PR.5', 'ecs', 'Require an active Amazon ECS task definition to have a logging configuration'),
  ct('CT.ECS.PR.6', 'ecs', 'Require Amazon ECS containers to allow read-only access to the root filesystem'),
  ct('CT.ECS.PR.8', 'ecs', 'Require Amazon ECS task definitions to have secure networking modes and user definitions'),
  ct('CT.ECS.PR.9', 'ecs', 'Require Amazon ECS services not to assign public IP addresses automatically'),
  ct('CT.ECS.PR.11', 'ecs', 'Require an Amazon ECS container to run as non-privileged'),
  ct('CT.ECS.PR.12', 'ecs', 'Require that Amazon ECS task definitions do not pass secrets as container environment variables'),
  ct('CT.ELASTICACHE.PR.1', 'elasticache', 'Require an Amazon ElastiCache (Redis OSS) cluster to have automatic backups activated'),
  ct('CT.ELASTICACHE.PR.3', 'elasticache', 'Require an Amazon ElastiCache (Redis OSS) replication group to have automatic failover activated'),
  ct('CT.ELASTICACHE.PR.4', 'elasticache', 'Require an Amazon ElastiCache (Redis OSS) replication group to have encryption at rest activated'),
  ct('CT.ELASTICACHE.PR.5', 'elasticache', 'Require an Amazon ElastiCache (Redis OSS) replication group to have encryption in transit activated'),
  ct('CT.ELASTICACHE.PR.7', 'elasticache', 'Require an Amazon ElastiCache replication group of earlier Redis OSS versions to have Redis OSS AUTH activated'),
  ct('CT.ELASTICACHE.PR.8', 'elasticache', 'Require an Amazon ElastiCache replication group of later Redis OSS versions to have RBAC authentication activated'),
  ct('CT.ELASTICLOADBALANCING.PR.1', 'elb', 'Require any application load balancer listener default actions to redirect all HTTP requests to HTTPS'),
  ct('CT.ELASTICLOADBALANCING.PR.2', 'elb', 'Require any Amazon ELB application or network load balancer to have an AWS Certificate Manager certificate'),
  ct('CT.ELASTICLOADBALANCING.PR.3', 'elb', 'Require any application load balancer to have defensive or strictest desync mitigation mode activated'),
  ct('CT.ELASTICLOADBALANCING.PR.4', 'elb', 'Require that any application load balancer must be configured to drop HTTP headers'),
  ct('CT.ELASTICLOADBALANCING.PR.5', 'elb', 'Require that application load balancer deletion protection is activated'),
  ct('CT.ELASTICLOADBALANCING.PR.6', 'elb', 'Require that application and network load balancer access logging is activated'),
  ct('CT.IAM.PR.1', 'iam', 'Require that an AWS Identity and Access Management (IAM) inline policy does not have a statement that includes "*" in the Action and Resource elements'),
  ct('CT.IAM.PR.2', 'iam', 'Require that AWS Identity and Access Management (IAM) customer-managed policies do not contain a statement that includes "*" in the Action and Resource elements'),
  ct('CT.IAM.PR.3', 'iam', 'Require that AWS Identity and Access Management (IAM) customer-managed policies do not have wildcard service actions'),
  ct('CT.IAM.PR.5', 'iam', 'Require that AWS Identity and Access Management (IAM) inline policies do not have wildcard service actions'),
  ct('CT.KMS.PR.1', 'kms', 'Require any AWS KMS key to have rotation configured'),
  ct('CT.RDS.PR.1', 'rds', 'Require that an Amazon RDS database instance is configured with multiple Availability Zones'),
  ct('CT.RDS.PR.2', 'rds', 'Require an Amazon RDS database instance to have enhanced monitoring configured'),
  ct('CT.RDS.PR.3', 'rds', 'Require an Amazon RDS cluster to have deletion protection configured'),
  ct('CT.RDS.PR.4', 'rds', 'Require an Amazon RDS database cluster to have AWS IAM database authentication configured'),
  ct('CT.RDS.PR.7', 'rds', 'Require Amazon RDS database instances to have IAM authentication configured'),
  ct('CT.RDS.PR.8', 'rds', 'Require an Amazon RDS database instance to have automatic backups configured'),
  ct('CT.RDS.PR.13', 'rds', 'Require any Amazon RDS instance to have deletion protection configured'),
  ct('CT.RDS.PR.14', 'rds', 'Require an Amazon RDS database instance to export logs to Amazon CloudWatch Logs by means of the EnableCloudwatchLogsExports property'),
  ct('CT.RDS.PR.16', 'rds', 'Require an Amazon RDS database cluster to have encryption at rest configured'),
  ct('CT.RDS.PR.23', 'rds', 'Require an Amazon RDS database instance to not be publicly accessible'),
  ct('CT.RDS.PR.24', 'rds', 'Require an Amazon RDS database instance to have encryption at rest configured'),
  ct('CT.S3.PR.1', 's3', 'Require an Amazon S3 bucket to have block public access settings configured'),
  ct('CT.S3.PR.3', 's3', 'Require an Amazon S3 buckets to have versioning configured and a lifecycle policy'),
  ct('CT.S3.PR.6', 's3', 'Require an Amazon S3 bucket to have lifecycle policies configured'),
  ct('CT.S3.PR.8', 's3', 'Require that Amazon S3 bucket requests use Secure Socket Layer'),
  ct('CT.S3.PR.10', 's3', 'Require an Amazon S3 bucket to have server-side encryption configured using an AWS KMS key'),
  ct('CT.WAFV2.PR.1', 'wafv2', 'Require an AWS WAFV2 web ACL to be non-empty'),
];
