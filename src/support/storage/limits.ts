/**
 * The sizes the files that travel are held to. They travel inside the service's task
 * definition (base64, 4/3 of their size), which ECS caps at 64 KiB, and the task definition
 * travels in the template, which CloudFormation caps at 1 MB read from S3 (the render splits
 * a larger project into nested stacks, each under that).
 */

/** What the files of one service may weigh together: their base64 leaves half of the task definition to the rest. */
export const SERVICE_FILES_BYTES = 32 * 1024;

/** ECS's limit on the size of a task definition. */
export const TASK_DEFINITION_BYTES = 64 * 1024;

/** `32 KiB`, `1.5 KiB`, `812 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kib = bytes / 1024;
  return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
}

/** The refusal of files over SERVICE_FILES_BYTES: `what` brought the files of `service` over it. */
export function filesTooLarge(service: string, what: string): { code: string; message: string; hint: string } {
  return {
    code: 'E_FILES_TOO_LARGE',
    message: `the files that travel with "${service}" would take more than ${sizeText(SERVICE_FILES_BYTES)} with ${what}: they travel inside its task definition, which ECS caps at ${sizeText(TASK_DEFINITION_BYTES)}.`,
    hint: 'Bake larger files into the image (COPY in its Dockerfile), or have the app fetch them at start (e.g. from Amazon S3).',
  };
}
