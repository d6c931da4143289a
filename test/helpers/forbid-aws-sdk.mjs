// Loaded with `node --import`: makes any import of the AWS SDK fail, so a test can prove
// that a command never loads it.
import { register } from 'node:module';

register('./forbid-aws-sdk-hooks.mjs', import.meta.url);
