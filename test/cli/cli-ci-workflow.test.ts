import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { splitShellWords as shellWords } from '../../src/parser/syntax/shell-words.js';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Issue 20, point 5: the copyable GitHub Actions workflow of docs/ci.md. It is parsed, its jobs
 * checked (a review of pull requests without AWS, a deployment of the main branch through an
 * OIDC role), and every compose-x command it runs, with each of its flags, is one the CLI has.
 */
interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
const WORKFLOW = parse(readFileSync(path.resolve('docs/ci/compose-x.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };

/** Every `compose-x ...` command line of a job's run steps, as words. */
function commands(job: Job): string[][] {
  return job.steps
    .flatMap((step) => (step.run ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('compose-x '))
    .map((line) => shellWords(line.split(/\s*>\s*/)[0]!));
}

describe('docs/ci/compose-x.yml', () => {
  const { review, deploy } = WORKFLOW.jobs;

  it('reviews pull requests and deploys the main branch', () => {
    expect(Object.keys(WORKFLOW.on).sort()).toEqual(['pull_request', 'push']);
    expect(WORKFLOW.on['push']).toEqual({ branches: ['main'] });
    expect(Object.keys(WORKFLOW.jobs).sort()).toEqual(['deploy', 'review']);
    expect(review?.if).toBe("github.event_name == 'pull_request'");
    expect(deploy?.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it('renders both branches, compares them with diff --rendered and comments the review page, with no AWS credentials', () => {
    expect(commands(review!)).toEqual([
      ['compose-x', 'render', '-d', '../.compose-x-base-cfn'],
      ['compose-x', 'render', '-d', 'cfn'],
      ['compose-x', 'diff', '--rendered', '.compose-x-base-cfn', '--no-color'],
    ]);
    expect(review!.steps.find((s) => s.with?.['ref'] !== undefined)?.with).toEqual({ ref: '${{ github.event.pull_request.base.sha }}', path: '.compose-x-base' });
    const comment = review!.steps.at(-1)!.run!;
    expect(comment).toContain('cat cfn/*.review.md');
    expect(comment).toContain('gh pr comment');
    expect(review!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(review!.steps.some((s) => s.uses?.startsWith('aws-actions/'))).toBe(false);
  });

  it('deploys with up --yes --require-approval never, as an IAM role assumed through OIDC', () => {
    expect(commands(deploy!)).toEqual([['compose-x', 'up', '--yes', '--require-approval', 'never', '--outputs-file', 'outputs.json']]);
    expect(deploy!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = deploy!.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with).toEqual({ 'role-to-assume': '${{ env.AWS_ROLE_ARN }}', 'aws-region': '${{ env.AWS_REGION }}' });
    const order = deploy!.steps.map((s) => s.uses ?? s.run ?? '');
    expect(order.findIndex((s) => s.startsWith('aws-actions/'))).toBeLessThan(order.findIndex((s) => s.startsWith('compose-x up')));
  });

  it('runs only commands and flags the CLI has', () => {
    const dir = tmpProject({});
    for (const words of [...commands(review!), ...commands(deploy!)]) {
      const [, command, ...args] = words;
      const help = cli([command!, '--help'], dir);
      expect(help.status).toBe(0);
      const global = cli(['--help'], dir).stdout;
      for (const flag of args.filter((a) => a.startsWith('-'))) {
        expect({ command, flag, known: help.stdout.includes(`${flag} `) || help.stdout.includes(`${flag},`) || global.includes(`${flag} `) }).toEqual({ command, flag, known: true });
      }
    }
  });

  it("runs as written on a project: the review job's commands give a summary and a review page", () => {
    const head = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    ports: ["80:80"]\n' }, 'app');
    const base = path.join(head, '.compose-x-base');
    mkdirSync(base);
    const [baseRender, headRender, diff] = commands(review!).map((words) => words.slice(1));
    expect(cli([...baseRender!, '-f', path.join(head, 'compose.yaml'), '-p', 'app'], base).status).toBe(0);
    expect(cli(headRender!, head).status).toBe(0);
    const compared = cli(diff!, head);
    expect(compared.status).toBe(0);
    expect(compared.stdout).toBe('no changes\n');
    expect(readFileSync(path.join(head, 'cfn', 'app.review.md'), 'utf8')).toMatch(/^# Review of app\n/);
  });
});

describe('diff --rendered DIR', () => {
  it('refuses a directory that is not there, or holds no render, with exit code 2', () => {
    const dir = tmpProject({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    const missing = cli(['diff', '--rendered', 'nowhere'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("error: --rendered nowhere: no such directory. Pass the directory an earlier `compose-x render -d DIR` wrote.\n");
    mkdirSync(path.join(dir, 'empty'));
    expect(cli(['diff', '--rendered', 'empty'], dir).stderr).toMatch(/--rendered empty: it holds no template of a render\./);
  });
});
