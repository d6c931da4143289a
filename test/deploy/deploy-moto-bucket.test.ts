import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { compileChecked } from '../helpers/render-project.js';
import { templateKey } from '../../src/render/template/template-key.js';
import { cli } from '../helpers/cli.js';
import { motoAvailable, motoClientConfig, motoEnvironment, motoOverride, startMoto, type Moto } from '../helpers/moto.js';

/**
 * The template bucket cannot be taken over, against moto_server with two accounts: the
 * victim (moto's default account, 123456789012) and an attacker (222222222222) who creates
 * the victim's default bucket name first and plants a template with an administrator role
 * at the key of the victim's next template. moto does not enforce ExpectedBucketOwner, so
 * this also shows the second check (the bucket must be among the account's own).
 */
const VICTIM = '123456789012';
const ATTACKER = '222222222222';
const BUCKET = `compose-x-${VICTIM}-us-east-1`;

const available = motoAvailable();
const suite = available ? describe : describe.skip;

/** An S3 client acting as `account` (moto reads the account from the x-moto-account-id header). */
function s3As(moto: Moto, account: string): S3Client {
  const client = new S3Client({ ...motoClientConfig(moto), forcePathStyle: true });
  client.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'mockedAccount' },
  );
  return client;
}

/** A template that also grants the attacker's account an administrator role in the victim's. */
function planted(body: string): string {
  const template = JSON.parse(body) as { Resources: Record<string, unknown> };
  template.Resources['PlantedAdminRole'] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ATTACKER}:root` }, Action: 'sts:AssumeRole' }] },
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    },
  };
  return JSON.stringify(template);
}

suite('the template bucket against moto_server with two accounts', () => {
  let moto: Moto;
  let dir: string;
  let victimKey: string;
  let victimBody: string;
  const env = (): Record<string, string> => ({ ...motoEnvironment(moto), CI: 'true' });
  const cfn = (): CloudFormationClient => new CloudFormationClient(motoClientConfig(moto));

  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => moto?.stop());

  beforeEach(async () => {
    await moto.reset();
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'victim');
    mkdirSync(dir);
    // Over 51,200 bytes of template, so that `up` goes through the bucket.
    const services = Array.from({ length: 24 }, (_, i) => `  svc${i}:\n    image: public.ecr.aws/example/svc:${i}\n    expose: ["8080"]\n`).join('');
    writeFileSync(path.join(dir, 'docker-compose.yml'), `${await motoOverride(moto)}services:\n${services}`);
    const files = compileChecked({ cwd: dir, environment: {} }).templateFiles('json');
    victimBody = files['victim.json'] ?? '';
    expect(Buffer.byteLength(victimBody)).toBeGreaterThan(51_200);
    victimKey = templateKey('victim', victimBody);
  }, 60_000);

  it("refuses the default bucket another account created first, and deploys nothing from it", async () => {
    const attacker = s3As(moto, ATTACKER);
    await attacker.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await attacker.send(new PutObjectCommand({ Bucket: BUCKET, Key: victimKey, Body: planted(victimBody) }));

    const result = cli(['up', '--yes'], dir, env());

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: the template bucket compose-x-123456789012-us-east-1 exists but is not yours to use: it is not among the buckets of account 123456789012\. .*Pass --bucket/m);
    expect(result.stdout).not.toMatch(/template already in S3|CREATE_COMPLETE/);
    await expect(cfn().send(new DescribeStacksCommand({ StackName: 'victim' }))).rejects.toThrow(/does not exist/);
  }, 120_000);

  it('uploads over a planted object in its own bucket: the planted template is never deployed', async () => {
    const own = s3As(moto, VICTIM);
    await own.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await own.send(new PutObjectCommand({ Bucket: BUCKET, Key: victimKey, Body: planted(victimBody) }));

    const result = cli(['up', '--yes'], dir, env());

    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^uploaded template: .*compose-x-123456789012-us-east-1\/compose-x\/victim\//m);
    expect(result.stdout).not.toContain('template already in S3');
    expect(result.stdout).toMatch(/^victim: CREATE_COMPLETE$/m);
    expect(result.status).toBe(0);
    const deployed = await cfn().send(new GetTemplateCommand({ StackName: 'victim' }));
    expect(deployed.TemplateBody).not.toContain('PlantedAdminRole');
    const resources = await cfn().send(new ListStackResourcesCommand({ StackName: 'victim' }));
    expect(resources.StackResourceSummaries?.map((r) => r.LogicalResourceId)).not.toContain('PlantedAdminRole');

    const again = cli(['up', '--yes'], dir, env());
    expect(again.stdout).toContain('victim is up to date');
  }, 180_000);
});
