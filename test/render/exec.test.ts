import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { templateYaml } from '../../src/render/index.js';
import { checkTemplate } from '../../src/render/spec-check/index.js';
import { cfnLintAvailable, runCfnLint } from '../helpers/cfn-lint.js';
import { parseErrorOf } from '../helpers/parse-error.js';
import { renderText } from '../helpers/render-project.js';

type Json = Record<string, any>;

const resources = (compose: string): Json => renderText(compose).template.toJSON()['Resources'] as Json;
const statements = (role: Json): Json[] => role['Properties']['Policies']?.[0]?.PolicyDocument.Statement ?? [];
const SSM_CHANNELS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];
const EXEC = 'services:\n  web:\n    image: nginx\n    x-exec: true\n  db:\n    image: postgres\n';

describe('x-exec', () => {
  const r = resources(EXEC);

  it('turns on EnableExecuteCommand and an init process on that service only', () => {
    expect(r['WebService'].Properties.EnableExecuteCommand).toBe(true);
    expect(r['DbService'].Properties).not.toHaveProperty('EnableExecuteCommand');
    expect(r['WebTaskDefinition'].Properties.ContainerDefinitions[0].LinuxParameters).toEqual({ InitProcessEnabled: true });
    expect(r['DbTaskDefinition'].Properties.ContainerDefinitions[0]).not.toHaveProperty('LinuxParameters');
  });

  it("gives the task role the Session Manager channels, and writing to the sessions' log group only", () => {
    const web = statements(r['WebTaskRole']);
    expect(web.find((s) => s.Sid === 'ExecSessions')).toEqual({ Sid: 'ExecSessions', Effect: 'Allow', Action: SSM_CHANNELS, Resource: '*' });
    expect(web.find((s) => s.Sid === 'ExecWriteLogs')).toEqual({
      Sid: 'ExecWriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': ['ExecLogGroup', 'Arn'] },
    });
    // No "*" but the channels', which take no other resource.
    expect(web.filter((s) => s.Resource === '*').map((s) => s.Sid)).toEqual(['ExecSessions']);
    expect(statements(r['DbTaskRole'])).toEqual([]);
  });

  it("logs the sessions to the project's log group, the cluster's ExecuteCommandConfiguration", () => {
    expect(r['ExecLogGroup'].Properties).toEqual({ LogGroupName: '/compose-x/proj/exec', RetentionInDays: 30 });
    expect(r['Cluster'].Properties.Configuration).toEqual({
      ExecuteCommandConfiguration: { Logging: 'OVERRIDE', LogConfiguration: { CloudWatchLogGroupName: { Ref: 'ExecLogGroup' } } },
    });
  });

  it('logs to the container\'s log group with Logging default, nowhere with none, and decrypts with KmsKeyId', () => {
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const d = resources(`services:\n  web:\n    image: nginx\n    x-exec: {Logging: default, KmsKeyId: "${key}"}\n`);
    expect(d).not.toHaveProperty('ExecLogGroup');
    expect(d['Cluster'].Properties.Configuration).toEqual({ ExecuteCommandConfiguration: { Logging: 'DEFAULT', KmsKeyId: key } });
    const web = statements(d['WebTaskRole']);
    expect(web.find((s) => s.Sid === 'ExecWriteLogs')?.Resource).toEqual({ 'Fn::GetAtt': ['WebLogGroup', 'Arn'] });
    expect(web.find((s) => s.Sid === 'ExecDecrypt')).toEqual({ Sid: 'ExecDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: key });
    const n = resources('services:\n  web:\n    image: nginx\n    x-exec: {Logging: none}\n');
    expect(n['Cluster'].Properties.Configuration).toEqual({ ExecuteCommandConfiguration: { Logging: 'NONE' } });
    expect(statements(n['WebTaskRole']).map((s) => s.Sid)).toEqual(['ExecSessions']);
  });

  it('keeps init: false, and renders nothing with Enabled: false', () => {
    const off = resources('services:\n  web:\n    image: nginx\n    init: false\n    x-exec: true\n  api:\n    image: a\n    x-exec: {Enabled: false}\n');
    expect(off['WebTaskDefinition'].Properties.ContainerDefinitions[0].LinuxParameters).toEqual({ InitProcessEnabled: false });
    expect(off['ApiService'].Properties).not.toHaveProperty('EnableExecuteCommand');
  });

  it('refuses two services asking for different logging, at the second', () => {
    const error = parseErrorOf(() => renderText('services:\n  a:\n    image: a\n    x-exec: true\n  b:\n    image: b\n    x-exec: {Logging: none}\n'));
    expect(error.code).toBe('E_EXEC_LOGGING');
    expect(error.path).toEqual(['services', 'b', 'x-exec']);
    expect(error.position?.line).toBe(7);
  });

  it("warns that an existing cluster's configuration logs the sessions", () => {
    const result = renderText('x-cluster: {ClusterName: prod}\nservices:\n  web:\n    image: nginx\n    x-exec: true\n');
    expect(result.warnings.map((w) => w.code)).toContain('W_EXEC_LOGGING_CLUSTER');
    const web = statements((result.template.toJSON()['Resources'] as Json)['WebTaskRole']);
    expect(web.map((s) => s.Sid)).toEqual(['ExecSessions']);
  });

  it('refuses an unknown setting at its line', () => {
    const error = parseErrorOf(() => renderText('services:\n  web:\n    image: nginx\n    x-exec: {Logs: none}\n'));
    expect(error.position?.line).toBe(4);
  });

  it('passes the offline specification check', async () => {
    expect(await checkTemplate(renderText(EXEC).template.toJSON())).toEqual([]);
  });

  (cfnLintAvailable() ? it : it.skip)('passes cfn-lint', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-exec-')), 'exec.yaml');
    writeFileSync(file, templateYaml(renderText(EXEC).template));
    expect(runCfnLint([file]).errors).toEqual([]);
  }, 300_000);
});
