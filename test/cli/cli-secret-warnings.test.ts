import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** Secrets in the wrong place are said, with the way compose-x reads them, and the review never shows their values. */
describe('secrets in environment variables', () => {
  const compose = [
    'services:',
    '  api:',
    '    image: example/api:1',
    '    env_file: [secrets.env]',
    '    environment:',
    '      DB_PASSWORD: hunter2',
    '      STRIPE_API_KEY: sk_live_abc',
    '      GITHUB_TOKEN: ghp_xyz',
    '      AWS_CREDENTIALS: creds123',
    '      SESSION_SECRET: s3cr3t',
    '      DB_PASSWORD_FILE: /run/secrets/db',
    '      ALLOW_EMPTY_PASSWORD: "yes"',
    '      MONKEY: banana',
    '      LOG_LEVEL: info',
    '',
  ].join('\n');
  const project = tmpProject({ 'docker-compose.yml': compose, 'secrets.env': 'SMTP_PASS=fromfile\n' });
  const run = cli(['render'], project);

  it('renders, with a warning per variable named like a secret, at its line', () => {
    expect(run.status).toBe(0);
    const warned = [...run.stderr.matchAll(/^warning: .*docker-compose\.yml:(\d+):\d+: services\.api\.environment\.(\w+): \2 looks like a secret, and its value would be written in plain text into the template/gm)].map((m) => [m[2], Number(m[1])]);
    expect(warned).toEqual([
      ['DB_PASSWORD', 6],
      ['STRIPE_API_KEY', 7],
      ['GITHUB_TOKEN', 8],
      ['AWS_CREDENTIALS', 9],
      ['SESSION_SECRET', 10],
    ]);
    expect(run.stderr).toMatch(/declare the secret with external: true and name: its ARN/);
  });

  it('says that an env_file named like secrets puts each of its variables in the template', () => {
    expect(run.stderr).toMatch(/^warning: .*docker-compose\.yml:4:\d+: services\.api\.env_file\[0\]: secrets\.env is named like a file of secrets, and each of its variables would be written in plain text/m);
  });

  it('says nothing of a _FILE path, a switch, or a name that only ends in KEY', () => {
    expect(run.stderr).not.toMatch(/DB_PASSWORD_FILE|ALLOW_EMPTY_PASSWORD|MONKEY|LOG_LEVEL/);
  });

  it('never prints a value in the review page', () => {
    const review = readFileSync(path.join(project, 'cfn', 'proj.review.md'), 'utf8');
    expect(review).toContain('DB_PASSWORD looks like a secret');
    for (const value of ['hunter2', 'sk_live_abc', 'ghp_xyz', 'creds123', 's3cr3t', 'fromfile']) expect(review).not.toContain(value);
  });
});

describe('a file of variables named like secrets, read for interpolation', () => {
  const compose = [
    'services:',
    '  api:',
    '    image: example/api:1',
    '    environment:',
    '      SMTP_URL: smtp://mailer:${SMTP_PASS}@mail.example.com',
    '      REGION: ${REGION}',
    '      LOG_LEVEL: ${LOG_LEVEL}',
    '',
  ].join('\n');
  const project = tmpProject({
    'docker-compose.yml': compose,
    'prod-secrets.env': 'SMTP_PASS=fromsecretfile\nREGION=eu-west-1\n',
    'settings.env': 'LOG_LEVEL=debug\n',
  });
  const run = cli(['render', '--env-file', 'settings.env', '--env-file', 'prod-secrets.env'], project, { REGION: 'us-east-1' });

  it('says, at the value that takes it in, that a variable of that file is written in plain text', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: .*docker-compose\.yml:5:\d+: services\.api\.environment\.SMTP_URL: "SMTP_PASS" comes from prod-secrets\.env, a file named like a file of secrets, and its value is interpolated into the compose file: it would be written in plain text into the template/m,
    );
  });

  it('says nothing of a variable the process environment sets, nor of one from a file named otherwise', () => {
    expect(run.stderr).not.toMatch(/"REGION" comes from|"LOG_LEVEL" comes from/);
  });

  it('never prints the value in the review page', () => {
    const review = readFileSync(path.join(project, 'cfn', 'proj.review.md'), 'utf8');
    expect(review).toContain('"SMTP_PASS" comes from prod-secrets.env');
    expect(review).not.toContain('fromsecretfile');
  });
});
