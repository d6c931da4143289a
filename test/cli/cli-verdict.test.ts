import { verdict } from '../../cli/printers/verdict.js';
import type { DeployResult } from '../../src/deploy/types.js';

const cause = { stackName: 'shop', logicalId: 'WebService', type: 'AWS::ECS::Service', status: 'CREATE_FAILED', reason: 'Invalid request provided' };

describe('the verdict of up: its last line and exit code', () => {
  it.each<{ name: string; result: DeployResult; exitCode: number; last: RegExp }>([
    { name: 'CREATE_COMPLETE', result: { kind: 'succeeded', stackName: 'shop', status: 'CREATE_COMPLETE', outputs: { ClusterName: 'shop' } }, exitCode: 0, last: /^shop: CREATE_COMPLETE$/ },
    { name: 'UPDATE_COMPLETE', result: { kind: 'succeeded', stackName: 'shop', status: 'UPDATE_COMPLETE', outputs: {} }, exitCode: 0, last: /^shop: UPDATE_COMPLETE$/ },
    { name: 'no changes', result: { kind: 'up-to-date', stackName: 'shop', outputs: {} }, exitCode: 0, last: /^shop is up to date: nothing to deploy\.$/ },
    { name: 'detached', result: { kind: 'detached', stackName: 'shop', changeSetName: 'compose-x-abc' }, exitCode: 0, last: /deploying \(compose-x-abc\)/ },
    { name: 'ROLLBACK_COMPLETE after a failed create', result: { kind: 'failed', stackName: 'shop', status: 'ROLLBACK_COMPLETE', rootCause: cause }, exitCode: 1, last: /^root cause: WebService \(AWS::ECS::Service\) CREATE_FAILED: Invalid request provided$/ },
    { name: 'UPDATE_ROLLBACK_COMPLETE', result: { kind: 'failed', stackName: 'shop', status: 'UPDATE_ROLLBACK_COMPLETE', rootCause: { ...cause, status: 'UPDATE_FAILED' } }, exitCode: 1, last: /^root cause: .*UPDATE_FAILED/ },
    { name: 'a root cause in a nested stack', result: { kind: 'failed', stackName: 'shop', status: 'UPDATE_ROLLBACK_FAILED', rootCause: { ...cause, stackName: 'shop-Services-1' } }, exitCode: 1, last: /^root cause: shop-Services-1\/WebService/ },
    { name: 'a stack left in ROLLBACK_COMPLETE', result: { kind: 'failed', stackName: 'shop', status: 'ROLLBACK_COMPLETE' }, exitCode: 1, last: /--replace-failed/ },
    { name: 'declined', result: { kind: 'declined', stackName: 'shop' }, exitCode: 1, last: /nothing deployed \(declined\)/ },
    { name: 'Ctrl-C', result: { kind: 'interrupted', stackName: 'shop', status: 'UPDATE_IN_PROGRESS' }, exitCode: 1, last: /cancel it:\s+compose-x cancel -p shop$/ },
  ])('$name -> exit $exitCode', ({ result, exitCode, last }) => {
    const { lines, exitCode: code } = verdict(result);
    expect(code).toBe(exitCode);
    expect(lines.join('\n').split('\n').at(-1)).toMatch(last);
  });

  it('Ctrl-C says nothing was deleted and how to resume watching', () => {
    const text = verdict({ kind: 'interrupted', stackName: 'shop', status: 'UPDATE_IN_PROGRESS' }).lines.join('\n');
    expect(text).toContain('nothing was deleted');
    expect(text).toContain('compose-x ps -p shop');
  });
});
