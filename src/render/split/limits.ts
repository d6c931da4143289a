/** CloudFormation's template quotas that compose-x keeps every template under. */
export const LIMITS = {
  resources: 500,
  parameters: 200,
  outputs: 200,
  mappings: 200,
  /** A template body read from S3. */
  bodyBytes: 1_000_000,
  /** A template body passed inline; larger ones go through S3 (`up` does it). */
  inlineBytes: 51_200,
  outputName: 60,
  logicalId: 255,
} as const;

/**
 * What a nested stack is filled to at most, leaving room for the parameters and outputs
 * splitting adds (its resources' bytes too: task definitions carry the files that travel).
 */
export const NESTED_BUDGET = { resources: 400, parameters: 180, outputs: 180, resourceBytes: 900_000 } as const;

/** The counts of a template as plain JSON. */
export function templateCounts(template: Record<string, unknown>): { resources: number; parameters: number; outputs: number } {
  const size = (section: string): number => Object.keys((template[section] as object | undefined) ?? {}).length;
  return { resources: size('Resources'), parameters: size('Parameters'), outputs: size('Outputs') };
}
