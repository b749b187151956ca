/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * ConfigEndpointsFromStack on MongoDB URLs. `mongodb://` was not judged for TLS: MongoDB drivers connect in plain
 * text unless the URL says `tls=true` (or `ssl=true`), while `mongodb+srv://` turns TLS on by default. A
 * `mongodb://` URL to a DocumentDB cluster of the stack without it passed (a wrong PASS).
 */
import { judged, statuses } from './judged';

const RULE = 'ConfigEndpointsFromStack';

/** An ECS service whose container reads MONGODB_URI (a Fn::Sub around the cluster's endpoint). */
function service(uri: string) {
  return {
    Docdb: { Type: 'AWS::DocDB::DBCluster', Properties: { MasterUsername: 'app', MasterUserPassword: '{{resolve:secretsmanager:docdb:SecretString:password}}', StorageEncrypted: true } },
    TaskDef: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        RequiresCompatibilities: ['FARGATE'], NetworkMode: 'awsvpc', Cpu: '512', Memory: '1024',
        ContainerDefinitions: [{ Name: 'app', Image: `public.ecr.aws/acme/app@sha256:${'0'.repeat(64)}`, Essential: true, Environment: [{ Name: 'MONGODB_URI', Value: { 'Fn::Sub': uri } }] }],
      },
    },
    Svc: { Type: 'AWS::ECS::Service', Properties: { Cluster: 'web', TaskDefinition: { Ref: 'TaskDef' }, DesiredCount: 3, NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0123456789abcdef0'] } } } },
  };
}

describe('MongoDB URLs', () => {
  test('mongodb:// without tls=true: fail (was a pass)', () => {
    expect(judged(RULE, service('mongodb://${Docdb.Endpoint}:27017/app?replicaSet=rs0'))).toEqual([['TaskDef', 'fail', expect.stringContaining('mongodb:// without tls=true')]]);
  });

  test('mongodb:// with tls=true or ssl=true: pass (compliant forms)', () => {
    expect(statuses(judged(RULE, service('mongodb://${Docdb.Endpoint}:27017/app?tls=true&replicaSet=rs0')))).toEqual(['pass']);
    expect(statuses(judged(RULE, service('mongodb://${Docdb.Endpoint}:27017/app?replicaSet=rs0&ssl=true')))).toEqual(['pass']);
  });

  test('mongodb+srv:// turns TLS on by default: pass; with tls=false: fail', () => {
    expect(statuses(judged(RULE, service('mongodb+srv://${Docdb.Endpoint}/app')))).toEqual(['pass']);
    expect(statuses(judged(RULE, service('mongodb+srv://${Docdb.Endpoint}/app?tls=false')))).toEqual(['fail']);
  });

  test('tls=false on mongodb://: fail, named as TLS switched off', () => {
    expect(judged(RULE, service('mongodb://${Docdb.Endpoint}:27017/app?tls=false'))).toEqual([['TaskDef', 'fail', expect.stringContaining('TLS switched off')]]);
  });
});
