/**
 * AppSecret refuses every weakening the checks would fail, naming the item,
 * unless acknowledged; every prop is in the table or says why it touches no
 * claimed item (test/aws/weakenings/harness.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AppSecret, SecretRotation } from '../../../lib/aws/app-secret';
import { DatabaseFlavor, ProductionDatabase } from '../../../lib/aws/production-database';
import { passwordAlphabet } from '../../../lib/checklist/policy/secret-strength';
import { keyWithoutRotation, unencryptedTopic, vpcOf } from './data-tier-fixtures';
import { Check, weakeningSuite, WeakeningRow } from './harness';

/** Every character Secrets Manager draws from but 0, 1, 2 and 3: 32 characters of 2 bits each. */
const EXCLUDE_ALL_BUT_0123 = passwordAlphabet([], false, '0123');

/** The rows of the props every AppSecret takes (AppSecretBaseProps). */
const BASE_ROWS: WeakeningRow[] = [
  { prop: 'length', props: { length: 8 }, item: 'SECRETS-STRENGTH', check: Check.fails() },
  { prop: 'excludeCharacters', label: 'all but 4 characters', props: { excludeCharacters: EXCLUDE_ALL_BUT_0123 }, item: 'SECRETS-STRENGTH', check: Check.fails() },
  { prop: 'rotateEvery', label: '90 days', props: { rotateEvery: Duration.days(90) }, item: 'SECRETS-ROTATION', check: Check.fails() },
  { prop: 'encryptionKey', label: 'a key without rotation', props: (stack) => ({ encryptionKey: keyWithoutRotation(stack) }), item: 'KMS-KEY-ROTATION', check: Check.fails() },
  { prop: 'alarmTopic', label: 'an unencrypted topic', props: (stack) => ({ alarmTopic: unencryptedTopic(stack) }), item: 'ALARM-TOPIC-ENCRYPTED', check: Check.fails() },
];

/** The rows of AppSecretProps' own props. */
const APP_SECRET_ROWS: WeakeningRow[] = [
  { prop: 'rotation.disabled()', props: { rotation: SecretRotation.disabled() }, item: 'SECRETS-ROTATION', check: Check.fails() },
  {
    prop: 'jsonFields', label: "{ password: 'hunter2' }", item: 'SECRETS-MANAGED', check: Check.fails(),
    props: { generateStringKey: 'token', jsonFields: { username: 'app', password: 'hunter2' } },
  },
  {
    prop: 'jsonFields', label: "{ url: 'postgres://app:hunter2@db:5432/app' }", item: 'SECRETS-MANAGED', check: Check.fails(),
    props: { generateStringKey: 'token', jsonFields: { url: 'postgres://app:hunter2@db:5432/app' } },
  },
];

/** Untouched props every AppSecret takes. */
const BASE_UNTOUCHED = {
  secretName: 'a name; no item depends on it',
  description: 'a description; no item depends on it',
  thresholds: 'thresholds only tighten (Thresholds.of refuses a looser value)',
};

weakeningSuite({
  construct: 'AppSecret',
  propsType: 'AppSecretProps',
  configurations: {
    generic: (stack, props) => new AppSecret(stack, 'Secret', props),
  },
  weakenings: [...BASE_ROWS, ...APP_SECRET_ROWS],
  untouched: {
    ...BASE_UNTOUCHED,
    'generateStringKey': 'the JSON key of the generated value; the value is generated whatever its key',
    'attachTo': 'adds the connection fields of a database; the value stays generated and rotated',
    'rotation.generic()': 'the default: rotated every rotateEvery by the inline function',
    'rotation.cacheUserPassword()': 'the generic rotation, which also sets the ElastiCache user password',
    'rotation.cacheAuthToken()': 'the generic rotation, which also sets the replication group AUTH token',
    'rotation.hosted()': 'a Secrets Manager hosted rotation function, scheduled every rotateEvery',
    'rotation.fromFunction()': "the user's rotation function, scheduled every rotateEvery (what it does is not in a template)",
  },
}, ['lib/aws/app-secret.ts']);

weakeningSuite({
  construct: 'AppSecret.forDatabaseUser',
  propsType: 'DatabaseUserSecretProps',
  configurations: {
    postgres: (stack, props) => {
      // A compliant database (its own master secret passes), so a failing finding is the row's.
      const db = new ProductionDatabase(stack, 'Db', { vpc: vpcOf(stack), flavor: DatabaseFlavor.RDS_POSTGRESQL });
      const hostedRotation = secretsmanager.HostedRotation.postgreSqlSingleUser();
      return AppSecret.forDatabaseUser(stack, 'AppUser', { username: 'app', target: db.instance!, hostedRotation, ...props });
  },
  },
  weakenings: BASE_ROWS,
  untouched: {
    ...BASE_UNTOUCHED,
    username: 'a name; the password beside it is generated and rotated',
    target: 'the database the secret is attached to; the value stays generated and rotated',
    hostedRotation: 'a Secrets Manager hosted rotation function, scheduled every rotateEvery',
  },
}, ['lib/aws/app-secret.ts']);
