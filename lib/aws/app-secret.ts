import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { literalSecretProblem } from '../checklist/policy/secret-names';
import { AWS_KEY_PAIR, awsKeyPairIn } from '../checklist/policy/secret-values';
import { passwordAlphabet, passwordWeakness } from '../checklist/policy/secret-strength';
import { ThresholdOverrides } from '../checklist/thresholds';
import { allowServicesToUseKey, createAlarmTopic, createKey, refuseKeyWithoutRotation, refuseUnprotectedTopic, retentionAtLeast } from './private/data-tier-defaults';
import { claim, refuseWeakening, thresholdsFor } from './private/guard';
import { acknowledgeSameChecks } from './private/nag-packs';

/**
 * How an `AppSecret` is rotated. A value object: build it with a static factory.
 *
 * - `SecretRotation.generic()` (the default) - an inline Node.js Lambda that
 *   implements the four Secrets Manager rotation steps for application secrets
 *   nobody else has to be told about (JWT signing keys, webhook and API keys):
 *   `createSecret` generates a new value with `GetRandomPassword`, `setSecret`
 *   has nothing to set, `testSecret` checks the pending value's length, and
 *   `finishSecret` moves the `AWSCURRENT` label. Readers pick up the new value
 *   on their next fetch; a verifier that must accept tokens signed with the old
 *   key can also read the `AWSPREVIOUS` version.
 * - `SecretRotation.cacheUserPassword(userId)` / `SecretRotation.cacheAuthToken(replicationGroupId)` -
 *   the same function, whose `setSecret` step also updates an ElastiCache RBAC
 *   user (`ModifyUser` with the current and the pending password, both valid
 *   while clients switch) or a replication group's AUTH token (`ModifyReplicationGroup`,
 *   strategy `ROTATE`, which keeps the previous token valid alongside the new one).
 * - `SecretRotation.hosted(HostedRotation.postgreSqlSingleUser())` - a Secrets
 *   Manager hosted rotation function for database users.
 * - `SecretRotation.fromFunction(fn)` - your own rotation function.
 * - `SecretRotation.disabled()` - no rotation: refused (SECRETS-ROTATION) unless acknowledged.
 */
export class SecretRotation {
  /** A new random value on every rotation, nothing else to update (the default). */
  public static generic(): SecretRotation {
    return new SecretRotation('generic');
  }

  /**
   * A new random password, set on the ElastiCache RBAC user `userId` during `setSecret`
   * (the previous password stays valid until the next rotation).
   */
  public static cacheUserPassword(userId: string): SecretRotation {
    return new SecretRotation('generic', { userId });
  }

  /**
   * A new random AUTH token, set on the ElastiCache replication group
   * `replicationGroupId` during `setSecret` (strategy ROTATE).
   */
  public static cacheAuthToken(replicationGroupId: string): SecretRotation {
    return new SecretRotation('generic', { replicationGroupId });
  }

  /**
   * A Secrets Manager hosted rotation function, for database users
   * (`secretsmanager.HostedRotation.postgreSqlSingleUser()` and friends). The
   * secret must be attached to the database (`AppSecret.forDatabaseUser`), and
   * the hosted function must reach it: `db.connections.allowDefaultPortFrom(hosted)`
   * once the secret exists (the connections exist once the rotation is bound to it).
   */
  public static hosted(hostedRotation: secretsmanager.HostedRotation): SecretRotation {
    return new SecretRotation('hosted', { hostedRotation });
  }

  /** Your own rotation function; it is granted what rotation needs on the secret and its key. */
  public static fromFunction(rotationFunction: lambda.IFunction): SecretRotation {
    return new SecretRotation('function', { rotationFunction });
  }

  /**
   * No rotation. Refused with SECRETS-ROTATION unless acknowledged with
   * `Validations.of(secret).acknowledge({ id: 'GoLiveChecks::SECRETS-ROTATION', reason })`.
   */
  public static disabled(): SecretRotation {
    return new SecretRotation('disabled');
  }

  /** @internal */
  public readonly _kind: string;
  /** @internal */
  public readonly _userId?: string;
  /** @internal */
  public readonly _replicationGroupId?: string;
  /** @internal */
  public readonly _hostedRotation?: secretsmanager.HostedRotation;
  /** @internal */
  public readonly _rotationFunction?: lambda.IFunction;

  private constructor(kind: string, options: {
    userId?: string;
    replicationGroupId?: string;
    hostedRotation?: secretsmanager.HostedRotation;
    rotationFunction?: lambda.IFunction;
  } = {}) {
    this._kind = kind;
    this._userId = options.userId;
    this._replicationGroupId = options.replicationGroupId;
    this._hostedRotation = options.hostedRotation;
    this._rotationFunction = options.rotationFunction;
  }
}

/**
 * Properties shared by every kind of `AppSecret`.
 */
export interface AppSecretBaseProps {
  /**
   * The secret's name.
   * @default - a name CloudFormation generates
   */
  readonly secretName?: string;

  /**
   * A description of the secret.
   * @default - none
   */
  readonly description?: string;

  /**
   * The customer-managed KMS key that encrypts the secret (SECRETS-MANAGED), the
   * rotation function's log group and, when the construct creates it, the alarm topic.
   * A key you bring must let CloudWatch Logs, CloudWatch and EventBridge use it
   * (the construct adds those statements to a key defined in this app).
   * @default - a new key with yearly rotation (KMS-KEY-ROTATION), retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Length of the generated value, in characters. Shorter than the
   * `secretLengthChars` threshold is refused (SECRETS-STRENGTH).
   * @default - the `secretLengthChars` threshold (32)
   */
  readonly length?: number;

  /**
   * Characters never used in the generated value.
   * @default AppSecret.DEFAULT_EXCLUDE_CHARACTERS
   */
  readonly excludeCharacters?: string;

  /**
   * How often the secret rotates. Longer than the `secretRotationDays`
   * threshold is refused (SECRETS-ROTATION).
   * @default - the `secretRotationDays` threshold (30 days)
   */
  readonly rotateEvery?: Duration;

  /**
   * The topic told when a rotation fails (SECRETS-ROTATION-ALERT).
   * @default - a new topic encrypted with `encryptionKey` that refuses non-TLS requests (ALARM-TOPIC-ENCRYPTED)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Thresholds for this secret, tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/**
 * Properties of an `AppSecret`.
 */
export interface AppSecretProps extends AppSecretBaseProps {
  /**
   * How the secret is rotated.
   * @default SecretRotation.generic()
   */
  readonly rotation?: SecretRotation;

  /**
   * Store the secret as a JSON object and put the generated value under this
   * key (with `jsonFields` beside it).
   * @default - the secret is the generated string itself
   */
  readonly generateStringKey?: string;

  /**
   * Fixed fields of the JSON object, beside `generateStringKey` (a user name, for example).
   * Never put a secret value here: it would be written into the template. A field named like a secret
   * (with a value that is not empty, a boolean or an ARN), a URL with a password, a well-known token format
   * (Stripe, GitHub, Slack, PEM private key...) under any name, or an AWS access key pair across fields is
   * refused (SECRETS-MANAGED) unless acknowledged: the predicate the checks use.
   * @default - none
   */
  readonly jsonFields?: { [key: string]: string };

  /**
   * A database (instance, cluster or proxy) to attach the secret to, so that it
   * carries the connection fields a hosted rotation function needs.
   * @default - not attached
   */
  readonly attachTo?: secretsmanager.ISecretAttachmentTarget;
}

/**
 * Properties of `AppSecret.forDatabaseUser()`.
 */
export interface DatabaseUserSecretProps extends AppSecretBaseProps {
  /** The database user name, stored beside the generated `password`. */
  readonly username: string;

  /** The database (instance, cluster or proxy) the user belongs to. */
  readonly target: secretsmanager.ISecretAttachmentTarget;

  /**
   * The hosted rotation function for the engine, such as
   * `secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc, securityGroups })`.
   * Allow it to reach the database after creating the secret: `db.connections.allowDefaultPortFrom(hostedRotation)`.
   */
  readonly hostedRotation: secretsmanager.HostedRotation;
}

/**
 * A generated application secret in AWS Secrets Manager, production-ready by default.
 *
 * - Generated with at least `secretLengthChars` (32) characters (SECRETS-STRENGTH); never a value in the template.
 * - Encrypted with a customer-managed KMS key that rotates (SECRETS-MANAGED, KMS-KEY-ROTATION).
 * - Rotated at least every `secretRotationDays` (30) days (SECRETS-ROTATION) by an inline
 *   Node.js rotation function (see `SecretRotation.generic()`), or by a hosted function for
 *   database users (`AppSecret.forDatabaseUser`).
 * - A failed rotation (the Secrets Manager `RotationFailed` event) is sent to the alarm topic
 *   (SECRETS-ROTATION-ALERT).
 * - Handed to compute by reference only (SECRETS-NO-PLAINTEXT, SECRETS-ACCESS-SCOPED):
 *   `ecsSecret()` for ECS task definitions, `grantToFunction()` for Lambda (the function gets the
 *   secret's ARN in `<NAME>_SECRET_ARN` and read access, and fetches the value at run time, so the
 *   value never sits in an environment variable or the template).
 *
 * @example
 * const jwt = new AppSecret(this, 'JwtSigningKey', { length: 64 });
 * jwt.grantToFunction(apiFunction, 'JWT_SIGNING_KEY'); // env JWT_SIGNING_KEY_SECRET_ARN
 * container.addSecret('WEBHOOK_KEY', webhookKey.ecsSecret()); // via taskDefinition.addContainer({ secrets })
 *
 * const hosted = secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc });
 * const appUser = AppSecret.forDatabaseUser(this, 'AppUser', { username: 'app', target: database, hostedRotation: hosted });
 * database.connections.allowDefaultPortFrom(hosted);
 */
export class AppSecret extends Construct {
  /**
   * Characters left out of generated values by default: quotes, slashes, `@`,
   * whitespace and shell/URL metacharacters, so a value is safe in a connection
   * string, a shell, and an ElastiCache password or AUTH token.
   */
  public static readonly DEFAULT_EXCLUDE_CHARACTERS: string = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

  /**
   * A secret for a database user: a JSON object `{ username, password, host, port, engine, dbname }`
   * attached to `target`, rotated by a Secrets Manager hosted rotation function.
   * The user must exist in the database with the secret's first password (create it in a migration
   * that reads the secret); the single-user hosted function then changes it on every rotation.
   */
  public static forDatabaseUser(scope: Construct, id: string, props: DatabaseUserSecretProps): AppSecret {
    const { username, target, hostedRotation, ...base } = props;
    return new AppSecret(scope, id, {
      ...base,
      jsonFields: { username },
      generateStringKey: 'password',
      attachTo: target,
      rotation: SecretRotation.hosted(hostedRotation),
    });
  }

  /** The secret (attached to its database when `attachTo` is given). */
  public readonly secret: secretsmanager.ISecret;
  /** The secret's ARN. */
  public readonly secretArn: string;
  /** The key that encrypts the secret. */
  public readonly encryptionKey: kms.IKey;
  /** The topic told when a rotation fails. */
  public readonly alarmTopic: sns.ITopic;
  /** The rotation schedule, unless rotation is disabled. */
  public readonly rotationSchedule?: secretsmanager.RotationSchedule;
  /** The inline rotation function, for generic and ElastiCache rotation. */
  public readonly rotationFunction?: lambda.Function;
  /** The EventBridge rule that sends `RotationFailed` events to `alarmTopic`, unless rotation is disabled. */
  public readonly rotationFailureRule?: events.Rule;
  /** Length of the generated value, in characters. */
  public readonly length: number;
  /** The JSON key of the generated value, if the secret is a JSON object. */
  public readonly generateStringKey?: string;

  constructor(scope: Construct, id: string, props: AppSecretProps = {}) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    const claimed: string[] = ['SECRETS-ACCESS-SCOPED'];

    this.length = props.length ?? t.secretLengthChars;
    if (!Number.isInteger(this.length) || this.length < 1 || this.length > 4096) {
      throw new Error(`AppSecret ${this.node.path}: length must be an integer from 1 to 4096, got ${props.length}`);
    }

    const jsonFields = props.jsonFields ?? {};
    if (Object.keys(jsonFields).length > 0 && props.generateStringKey === undefined) {
      throw new Error(`AppSecret ${this.node.path}: jsonFields needs generateStringKey (the key of the generated value)`);
    }
    if (props.generateStringKey !== undefined && props.generateStringKey in jsonFields) {
      throw new Error(`AppSecret ${this.node.path}: jsonFields must not contain the generated key '${props.generateStringKey}'`);
    }
    // The checks' one predicate for literals (a secret-looking name with a value, a URL with a password, a
    // well-known token format under any name), and an AWS access key pair across the fields.
    const fieldEntries = Object.entries(jsonFields);
    const literalSecrets: [string, string][] = fieldEntries
      .map(([field, value]): [string, string | undefined] => [field, literalSecretProblem(field, value)])
      .filter((e): e is [string, string] => e[1] !== undefined);
    const pair = awsKeyPairIn(fieldEntries.map(([, value]) => value)).map((i) => fieldEntries[i][0]);
    if (pair.length > 0) literalSecrets.push([pair.join("', '"), `together hold ${AWS_KEY_PAIR}`]);
    for (const [field, problem] of literalSecrets) {
      // A literal secret in the secret's own JSON is a secret written in the template: SECRETS-MANAGED, as the
      // SecretsManaged rule judges it (SecretStringTemplate / SecretString).
      refuseWeakening(this, 'SECRETS-MANAGED', 'jsonFields',
        `the field '${field}': ${problem}, and its literal value is written into the template; generate it (generateStringKey) or keep it in another secret`);
    }
    // No literal secret in the template: the secret is managed, and nothing of it is in plain text.
    if (literalSecrets.length === 0) claimed.push('SECRETS-MANAGED', 'SECRETS-NO-PLAINTEXT');
    this.generateStringKey = props.generateStringKey;
    const excludeCharacters = props.excludeCharacters ?? AppSecret.DEFAULT_EXCLUDE_CHARACTERS;
    const weakness = passwordWeakness(this.length, passwordAlphabet([], false, excludeCharacters), t.secretLengthChars);
    if (weakness !== undefined) {
      refuseWeakening(this, 'SECRETS-STRENGTH', t.meets('secretLengthChars', this.length) ? 'excludeCharacters' : 'length', weakness);
    } else {
      claimed.push('SECRETS-STRENGTH');
    }

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
      allowServicesToUseKey(this.encryptionKey);
      refuseKeyWithoutRotation(this, this.encryptionKey, 'encryptionKey');
    } else {
      this.encryptionKey = createKey(this, 'Key', `Encrypts the secret ${this.node.path}`);
      claimed.push('KMS-KEY-ROTATION');
    }

    const resource = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: props.description,
      encryptionKey: this.encryptionKey,
      generateSecretString: {
        passwordLength: this.length,
        excludeCharacters,
        ...(props.generateStringKey !== undefined
          ? { generateStringKey: props.generateStringKey, secretStringTemplate: JSON.stringify(jsonFields) }
          : {}),
      },
    });
    this.secret = props.attachTo ? resource.attach(props.attachTo) : resource;
    this.secretArn = this.secret.secretArn;

    if (props.alarmTopic) refuseUnprotectedTopic(this, props.alarmTopic, 'alarmTopic');
    const rotation = props.rotation ?? SecretRotation.generic();
    const rotateEvery = props.rotateEvery ?? Duration.days(t.secretRotationDays);

    if (rotation._kind === 'disabled') {
      refuseWeakening(this, 'SECRETS-ROTATION', 'rotation', 'SecretRotation.disabled() leaves the secret unrotated');
      this.alarmTopic = props.alarmTopic ?? createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, 'Secret rotation failures');
      if (!props.alarmTopic) claimed.push('ALARM-TOPIC-ENCRYPTED');
      claim(this, ...claimed);
      return;
    }

    if (!t.meets('secretRotationDays', rotateEvery.toDays({ integral: false }))) {
      refuseWeakening(this, 'SECRETS-ROTATION', 'rotateEvery',
        `${rotateEvery.toHumanString()} is longer than the ${t.secretRotationDays} days the catalog allows`);
    } else {
      claimed.push('SECRETS-ROTATION');
    }

    let rotationLambda: lambda.IFunction | undefined;
    if (rotation._kind === 'generic') {
      this.rotationFunction = this.createRotationFunction(rotation, excludeCharacters, t.logRetentionDays);
      rotationLambda = this.rotationFunction;
      // Its logs are JSON, but LOG-STRUCTURED is judged on the functions that serve, not on rotation helpers: not claimed.
      claimed.push('LOG-RETENTION', 'LOG-ENCRYPTED');
    } else if (rotation._kind === 'function') {
      rotationLambda = rotation._rotationFunction;
    } else if (rotation._kind === 'hosted' && !props.attachTo) {
      throw new Error(`AppSecret ${this.node.path}: hosted rotation needs the secret attached to its database (attachTo, or use AppSecret.forDatabaseUser)`);
    }
    this.rotationSchedule = this.secret.addRotationSchedule('RotationSchedule', {
      automaticallyAfter: rotateEvery,
      rotationLambda,
      hostedRotation: rotation._hostedRotation,
    });

    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      this.alarmTopic = createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, 'Secret rotation failures');
      claimed.push('ALARM-TOPIC-ENCRYPTED');
    }
    this.rotationFailureRule = new events.Rule(this, 'RotationFailed', {
      description: `Secrets Manager could not rotate ${this.node.path} (SECRETS-ROTATION-ALERT)`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ['RotationFailed'],
          additionalEventData: { SecretId: [resource.secretArn] },
        },
      },
      targets: [new targets.SnsTopic(this.alarmTopic)],
    });
    claimed.push('SECRETS-ROTATION-ALERT');
    claim(this, ...claimed);
    acknowledgeSameChecks(this);
  }

  /**
   * Grant read access to the secret (and decrypt on its key) to `grantee`,
   * scoped to this secret's ARN (SECRETS-ACCESS-SCOPED).
   */
  public grantRead(grantee: iam.IGrantable, versionStages?: string[]): iam.Grant {
    return this.secret.grantRead(grantee, versionStages);
  }

  /**
   * The secret for an ECS container's `secrets`: ECS injects the value at task
   * start, so it never appears in the task definition.
   * @param field the JSON field to inject, for a JSON secret
   */
  public ecsSecret(field?: string): ecs.Secret {
    return ecs.Secret.fromSecretsManager(this.secret, field);
  }

  /**
   * Hand the secret to a Lambda function without its value: sets the
   * environment variable `<envName>_SECRET_ARN` to the secret's ARN and grants
   * the function read access. The function fetches the value at run time (the
   * AWS Parameters and Secrets Lambda Extension, or `GetSecretValue`) and so
   * sees a rotated value on its next fetch.
   * @param fn the function
   * @param envName the environment variable prefix, such as `JWT_SIGNING_KEY`
   */
  public grantToFunction(fn: lambda.Function, envName: string): iam.Grant {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envName)) {
      throw new Error(`AppSecret ${this.node.path}: envName '${envName}' is not a valid environment variable name`);
    }
    fn.addEnvironment(`${envName}_SECRET_ARN`, this.secretArn);
    return this.grantRead(fn);
  }

  private createRotationFunction(rotation: SecretRotation, excludeCharacters: string, logRetentionDays: number): lambda.Function {
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'RotationLogs', {
      retention: retentionAtLeast(logRetentionDays),
      encryptionKey: this.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'RotationRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Rotates the secret ${this.node.path}`,
    });
    logGroup.grantWrite(role);
    const environment: { [key: string]: string } = {
      LENGTH: String(this.length),
      EXCLUDE_CHARS: excludeCharacters,
    };
    if (this.generateStringKey !== undefined) environment.JSON_FIELD = this.generateStringKey;
    if (rotation._userId !== undefined) {
      environment.CACHE_USER_ID = rotation._userId;
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyUser'],
        resources: [`arn:${Aws.PARTITION}:elasticache:${stack.region}:${stack.account}:user:${rotation._userId}`],
      }));
    }
    if (rotation._replicationGroupId !== undefined) {
      environment.CACHE_REPLICATION_GROUP_ID = rotation._replicationGroupId;
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['elasticache:ModifyReplicationGroup'],
        resources: [`arn:${Aws.PARTITION}:elasticache:${stack.region}:${stack.account}:replicationgroup:${rotation._replicationGroupId}`],
      }));
    }
    const fn = new lambda.Function(this, 'RotationFunction', {
      description: `Rotates the secret ${this.node.path} (createSecret/setSecret/testSecret/finishSecret)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ROTATION_FUNCTION_CODE),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      timeout: Duration.minutes(1),
      memorySize: 256,
      environment,
    });
    // cdk-nag findings inherent to a rotation function, acknowledged where they arise.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'secretsmanager:GetRandomPassword (added by RotationSchedule) supports no resource-level permissions; every other statement names the secret, its key, the log group or the ElastiCache user/group',
    });
    Validations.of(role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason: 'The policy is the role\'s own default policy, written by CDK grants scoped to this one secret; a managed policy would only make it attachable elsewhere',
    });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaConcurrency',
      reason: 'Secrets Manager runs one rotation step at a time per secret; reserving concurrency would fail in accounts whose quota leaves none to reserve',
    });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaDLQ',
      reason: 'Secrets Manager invokes the function synchronously, so a dead-letter queue (async invocations only) would never receive anything; a failure raises RotationFailed, sent to the alarm topic',
    });
    Validations.of(fn).acknowledge({
      id: 'NIST.800.53.R5-LambdaInsideVPC',
      reason: 'The function calls only the Secrets Manager and ElastiCache control-plane APIs over TLS, never the cache or a database; a VPC would add NAT or endpoints without narrowing what it can reach',
    });
    return fn;
  }
}

/*
 * The inline rotation function (the four Secrets Manager rotation steps).
 * createSecret: a new value from GetRandomPassword, stored as AWSPENDING (inside the JSON object
 * under JSON_FIELD when set). setSecret: nothing for a generic secret; ModifyUser for an
 * ElastiCache RBAC user (current and pending passwords both valid); ModifyReplicationGroup
 * (AUTH token, strategy ROTATE) for a replication group. testSecret: the pending value exists
 * and has the required length. finishSecret: AWSCURRENT moves to the new version.
 * Kept under Lambda's 4 KB inline limit.
 */
const ROTATION_FUNCTION_CODE = `
const S=require('@aws-sdk/client-secrets-manager');
const sm=new S.SecretsManagerClient({});
const env=process.env;
const get=(id,stage,ver)=>sm.send(new S.GetSecretValueCommand({SecretId:id,VersionStage:stage,VersionId:ver})).then(r=>r.SecretString);
const val=s=>env.JSON_FIELD?JSON.parse(s)[env.JSON_FIELD]:s;
exports.handler=async e=>{
  const id=e.SecretId,tok=e.ClientRequestToken,step=e.Step;
  const d=await sm.send(new S.DescribeSecretCommand({SecretId:id}));
  if(!d.RotationEnabled)throw new Error('rotation is not enabled on '+id);
  const v=d.VersionIdsToStages||{};
  if(!v[tok])throw new Error('version '+tok+' is not a version of '+id);
  if(v[tok].includes('AWSCURRENT')){console.log(step+': version already current');return;}
  if(!v[tok].includes('AWSPENDING'))throw new Error('version '+tok+' is not AWSPENDING');
  if(step==='createSecret'){
    const cur=await get(id,'AWSCURRENT');
    try{await get(id,'AWSPENDING',tok);console.log('createSecret: pending value exists');return;}
    catch(x){if(x.name!=='ResourceNotFoundException')throw x;}
    const p=(await sm.send(new S.GetRandomPasswordCommand({PasswordLength:Number(env.LENGTH),ExcludeCharacters:env.EXCLUDE_CHARS||undefined}))).RandomPassword;
    let s=p;
    if(env.JSON_FIELD){const o=JSON.parse(cur);o[env.JSON_FIELD]=p;s=JSON.stringify(o);}
    await sm.send(new S.PutSecretValueCommand({SecretId:id,ClientRequestToken:tok,SecretString:s,VersionStages:['AWSPENDING']}));
    console.log('createSecret: new value stored as AWSPENDING');
  }else if(step==='setSecret'){
    if(!env.CACHE_USER_ID&&!env.CACHE_REPLICATION_GROUP_ID){console.log('setSecret: generic secret, nothing to set');return;}
    const E=require('@aws-sdk/client-elasticache');
    const ec=new E.ElastiCacheClient({});
    const pend=val(await get(id,'AWSPENDING',tok));
    if(env.CACHE_USER_ID){
      const cur=val(await get(id,'AWSCURRENT'));
      await ec.send(new E.ModifyUserCommand({UserId:env.CACHE_USER_ID,Passwords:[cur,pend]}));
      console.log('setSecret: ElastiCache user '+env.CACHE_USER_ID+' accepts the current and the pending password');
    }
    if(env.CACHE_REPLICATION_GROUP_ID){
      await ec.send(new E.ModifyReplicationGroupCommand({ReplicationGroupId:env.CACHE_REPLICATION_GROUP_ID,AuthToken:pend,AuthTokenUpdateStrategy:'ROTATE',ApplyImmediately:true}));
      console.log('setSecret: AUTH token of '+env.CACHE_REPLICATION_GROUP_ID+' rotated');
    }
  }else if(step==='testSecret'){
    const pend=val(await get(id,'AWSPENDING',tok));
    if(typeof pend!=='string'||pend.length<Number(env.LENGTH))throw new Error('testSecret: pending value is missing or too short');
    console.log('testSecret: pending value is well formed');
  }else if(step==='finishSecret'){
    const cur=Object.keys(v).find(k=>v[k].includes('AWSCURRENT'));
    await sm.send(new S.UpdateSecretVersionStageCommand({SecretId:id,VersionStage:'AWSCURRENT',MoveToVersionId:tok,RemoveFromVersionId:cur}));
    console.log('finishSecret: version '+tok+' is AWSCURRENT');
  }else throw new Error('unknown step '+step);
};
`;
