import { renderedFiles } from '../../src/render/files.js';
import { diffRenders } from '../../src/review/rendered-diff/diff.js';
import { renderDiffText } from '../../src/review/rendered-diff/text.js';
import { renderText } from '../helpers/render-project.js';

const compose = (scaling: string, capacity = ''): string =>
  `services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    deploy: {replicas: 2}\n${scaling}${capacity}  api:\n    image: api\n`;
const SCALING = '    x-autoscaling:\n      Max: 10\n      CpuTarget: 70\n      DisableScaleIn: true\n      Schedules: [{Name: mornings, Schedule: "cron(0 8 ? * MON-FRI *)", Timezone: Europe/Paris, Min: 4}]\n';
const MIX = '    x-fargate:\n      Capacity: {on-demand: {Weight: 1, Base: 1}, spot: {Weight: 3}}\n      EphemeralStorage: 50\n';

describe('the review of scaling and capacity', () => {
  it("shows each service's range, targets, schedules, capacity and storage", () => {
    const { review } = renderText(compose(SCALING, MIX), 'proj');
    expect(review).toContain(
      [
        '## Scaling and capacity',
        '',
        '| Service | Tasks | Scales on | Schedules | Capacity | Ephemeral storage |',
        '| --- | --- | --- | --- | --- | --- |',
        '| api | 1 | fixed | none | FARGATE | 20 GiB (default) |',
        '| web | 2-10 | CPU 70% (no scale-in) | `mornings: cron(0 8 ? * MON-FRI *) (Europe/Paris) -> min 4` | FARGATE (base 1, weight 1) + FARGATE_SPOT (weight 3) | 50 GiB |',
      ].join('\n'),
    );
    expect(review).toMatch(/\| web \| `nginx` \| [^|]+ \| 2-10 \|/);
  });

  it('has no such section when every service runs a fixed count on-demand', () => {
    expect(renderText(compose(''), 'proj').review).not.toContain('## Scaling and capacity');
  });
});

describe('diff --rendered of scaling and capacity', () => {
  const files = (text: string): Record<string, string> => renderedFiles('proj', renderText(text, 'proj'), 'yaml');

  it('a wider range: "web: scaling 2-10 -> 2-20", and no other change', () => {
    const diff = diffRenders(files(compose(SCALING)), files(compose(SCALING.replace('Max: 10', 'Max: 20'))));
    expect(diff.scaling).toEqual([{ service: 'web', aspect: 'scaling', before: '2-10 on CPU 70% (no scale-in), 1 schedule', after: '2-20 on CPU 70% (no scale-in), 1 schedule' }]);
    expect(diff.otherChanges).toEqual({ added: 0, removed: 0, modified: 0 });
    expect(renderDiffText(diff)).toBe('Scaling and capacity\n  ~ web: scaling 2-10 on CPU 70% (no scale-in), 1 schedule -> 2-20 on CPU 70% (no scale-in), 1 schedule\n');
  });

  it('a fixed count that starts to scale, and a move to a Spot mix', () => {
    const diff = diffRenders(files(compose('')), files(compose(SCALING, MIX)));
    expect(diff.scaling).toEqual([
      { service: 'web', aspect: 'capacity', before: 'FARGATE', after: 'FARGATE (base 1, weight 1) + FARGATE_SPOT (weight 3), 50 GiB of ephemeral storage' },
      { service: 'web', aspect: 'scaling', before: '2', after: '2-10 on CPU 70% (no scale-in), 1 schedule' },
    ]);
  });
});
