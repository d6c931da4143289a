import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * Issue 20, point 3, where the user meets it: an overlay that changes one property and adds
 * one resource shows in the template, the review and `diff --rendered`; an overlay that breaks
 * the CloudFormation specification fails `validate` with exit code 2 at its line.
 */
const APP = ['name: shop', 'services:', '  web:', '    image: public.ecr.aws/nginx/nginx:1.27', '    ports: ["80:80"]', ''].join('\n');
const OVERLAY = [
  'x-cloudformation:',
  '  Resources:',
  '    Uploads:',
  '      Type: AWS::S3::Bucket',
  '      DeletionPolicy: Retain',
  '      UpdateReplacePolicy: Retain',
  '  Overrides:',
  '    WebService:',
  '      Properties.HealthCheckGracePeriodSeconds: 120',
  '',
].join('\n');

describe('an x-cloudformation overlay through the CLI', () => {
  it('shows in the template, the review and diff --rendered', () => {
    const dir = tmpProject({ 'compose.yaml': APP }, 'shop');
    expect(cli(['render', '-d', 'before'], dir).status).toBe(0);
    writeFileSync(path.join(dir, 'compose.yaml'), `${APP}${OVERLAY}`);
    const rendered = cli(['render', '-d', 'after'], dir);
    expect(rendered.status).toBe(0);
    const template = readFileSync(path.join(dir, 'after', 'shop.yaml'), 'utf8');
    expect(template).toMatch(/\n {2}Uploads:\n {4}Type: AWS::S3::Bucket\n/);
    expect(template).toContain('HealthCheckGracePeriodSeconds: 120');
    const review = readFileSync(path.join(dir, 'after', 'shop.review.md'), 'utf8');
    expect(review).toContain('| `x-cloudformation` | `Resources.Uploads` | `AWS::S3::Bucket` | added |');
    expect(review).toContain('| `x-cloudformation` | `Resources.WebService` | `AWS::ECS::Service` | changed: `Properties.HealthCheckGracePeriodSeconds` |');

    const diff = cli(['diff', '--rendered', 'before', '--no-color'], dir);
    expect(diff.stderr).toBe('');
    expect(diff.stdout).toContain('  + Uploads (AWS::S3::Bucket) added\n');
    expect(diff.stdout).toContain('  ~ WebService (AWS::ECS::Service): Properties.HealthCheckGracePeriodSeconds\n');
    expect(diff.status).toBe(0);
  });

  it('that breaks the specification fails validate with exit code 2 at the entry, and render writes nothing', () => {
    const broken = `${APP}x-cloudformation:\n  Resources:\n    Uploads:\n      Type: AWS::S3::Bucket\n      Properties:\n        Versioning: true\n`;
    const dir = tmpProject({ 'compose.yaml': broken }, 'shop');
    const result = cli(['validate'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:9:7: x-cloudformation\.Resources\.Uploads: this entry of the overlay makes the template fail the CloudFormation specification check:\n {2}Uploads\.Properties\.Versioning: unknown property of AWS::S3::Bucket/);
    expect(result.stderr).not.toMatch(/compose-x bug/);

    const misnamed = tmpProject({ 'compose.yaml': `${APP}x-cloudformation:\n  Overrides:\n    WebServic:\n      Properties.DesiredCount: 2\n` }, 'shop');
    const unknown = cli(['render'], misnamed);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/x-cloudformation\.Overrides\.WebServic: the rendered template has no resource WebServic\. Did you mean WebService\?/);
    expect(existsSync(path.join(misnamed, 'cfn'))).toBe(false);
  });
});
