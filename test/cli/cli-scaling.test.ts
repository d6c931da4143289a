import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** Scaling and capacity refused through the process: exit 2, the error at its file, line and column. */
describe('scaling and capacity errors through the CLI', () => {
  it('a minimum above the maximum: exit 2 at x-autoscaling.Min', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    x-autoscaling:\n      Min: 5\n      Max: 2\n';
    const result = cli(['validate'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:5:12: services\.web\.x-autoscaling\.Min: web scales between 5 and 2 tasks: its minimum is above its maximum\. Make Min at most Max\./);
  });

  it('Fargate Spot for a linux/arm64 service: exit 2 at x-fargate.Capacity', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    platform: linux/arm64\n    x-fargate:\n      Capacity: spot\n';
    const result = cli(['render', '-d', 'out'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:6:\d+: services\.web\.x-fargate\.Capacity: web runs on linux\/arm64 and on Fargate Spot, which runs only X86_64 tasks\./);
  });

  it('a bad schedule expression: exit 2 at its Schedule', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    x-autoscaling:\n      Max: 4\n      Schedules:\n        - Schedule: "cron(0 8 * *)"\n          Min: 2\n';
    const result = cli(['validate'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:7:\d+: services\.web\.x-autoscaling\.Schedules\[0\]\.Schedule: "cron\(0 8 \* \*\)" is not a schedule Application Auto Scaling reads\./);
  });

  it('a CPU target above 100%: exit 2 at x-autoscaling.CpuTarget (the schema)', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    x-autoscaling:\n      Max: 3\n      CpuTarget: 150\n';
    const result = cli(['validate'], tmpProject({ 'compose.yaml': compose }));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/compose\.yaml:6:18: services\.web\.x-autoscaling\.CpuTarget: 150 must be <= 100\./);
  });
});
