/**
 * The scaling plan of a service: x-autoscaling (schemas/x-autoscaling.json), or the same plan
 * read from ECS ComposeX's x-scaling or Docker's deploy.x-aws-autoscaling (foreign-forms.ts),
 * checked against what Application Auto Scaling takes (checks.ts).
 */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Service } from '../../parser/model.js';
import type { RenderContext } from '../context.js';
import { checkScaling } from './checks.js';
import { composeXScaling, dockerScaling, type ReadForm } from './foreign-forms.js';
import type { ScalingPlan, XAutoscaling } from './types.js';

export type { ScalingPlan } from './types.js';

/** The forms a service's scaling may be written in, by where they are written. */
const FORMS = [['x-autoscaling'], ['x-scaling'], ['deploy', 'x-aws-autoscaling']] as const;

/** The scaling plan of a service, checked; undefined when it does not scale. */
export function scalingPlanOf(ctx: RenderContext, name: string): ScalingPlan | undefined {
  const service = ctx.project.services[name]!;
  const written = FORMS.filter((form) => formValue(service, form) !== undefined);
  if (written.length === 0) return undefined;
  if (written.length > 1) {
    const path: TreePath = ['services', name, ...written[1]!];
    throw new ParseError('E_SCALING_FORMS', `${name} sets its scaling twice: ${written.map((f) => f.join('.')).join(' and ')}.`, {
      path,
      position: ctx.locate(path),
      hint: 'Keep one; x-autoscaling is the form compose-x reads natively.',
    });
  }
  const form = written[0]!;
  const at: TreePath = ['services', name, ...form];
  const value = formValue(service, form);
  const read: ReadForm =
    form[0] === 'x-autoscaling'
      ? { value: value as XAutoscaling, pathOf: (field) => [...at, ...[field].flat()] }
      : form[0] === 'x-scaling'
        ? composeXScaling(ctx, at, value)
        : dockerScaling(ctx, name, at, value);
  return checkScaling(ctx, name, service, read.value, at, read.pathOf);
}

function formValue(service: Service, form: readonly string[]): unknown {
  const holder: unknown = form[0] === 'deploy' ? service.deploy : service.extensions;
  return isMapping(holder) ? (holder[form[form.length - 1]!] ?? undefined) : undefined;
}
