/**
 * The expressions EventBridge Scheduler takes
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html): `cron(...)` of six
 * fields (minutes hours day-of-month month day-of-week year), one of day-of-month and
 * day-of-week a `?`; `rate(value unit)`, the unit singular for 1 and plural above.
 */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import type { Schedule } from '../../support/schedule.js';
import type { RenderContext } from '../context.js';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;

/** What is wrong with an expression, and how to write it; undefined when EventBridge Scheduler takes it. */
export function expressionProblem(expression: string): { message: string; hint: string } | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2] ?? '';
    if (value < 1) return { message: `${expression} never runs: a rate is 1 or more.`, hint: 'Write rate(1 hour), rate(15 minutes)...' };
    const plural = unit.endsWith('s');
    if (plural !== value > 1) {
      const fixed = `rate(${value} ${plural ? unit.slice(0, -1) : `${unit}s`})`;
      return { message: `${expression}: EventBridge Scheduler wants the unit singular for 1 and plural above.`, hint: `Write ${fixed}.` };
    }
    return undefined;
  }
  if (expression.startsWith('rate(')) {
    return { message: `${expression} is not a rate EventBridge Scheduler reads.`, hint: 'Write rate(<value> <unit>), the unit minute(s), hour(s) or day(s): rate(15 minutes).' };
  }
  const cron = CRON.exec(expression);
  const fields = (cron?.[1] ?? '').trim().split(/\s+/).filter((field) => field !== '');
  if (!cron || fields.length !== 6) {
    return {
      message: `${expression} has ${fields.length} fields; an EventBridge cron expression has six: minutes hours day-of-month month day-of-week year.`,
      hint: 'A five-field crontab line gets a year: "0 3 * * *" is cron(0 3 * * ? *).',
    };
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return { message: `${expression}: one of day-of-month and day-of-week must be "?", and only one.`, hint: 'Every day at 03:00 is cron(0 3 * * ? *); Mondays at 03:00 is cron(0 3 ? * MON *).' };
  }
  return undefined;
}

/** Throws at the expression of a service's x-schedule when EventBridge Scheduler would refuse it. */
export function checkExpression(ctx: RenderContext, service: string, schedule: Schedule): void {
  const problem = expressionProblem(schedule.expression);
  if (!problem) return;
  const raw = ctx.project.services[service]?.extensions['x-schedule'];
  const path: TreePath = ['services', service, 'x-schedule', ...(typeof raw === 'string' ? [] : ['Expression'])];
  throw new ParseError('E_SCHEDULE_EXPRESSION', problem.message, { path, position: ctx.locate(path), hint: problem.hint });
}
