/** The baseline of `npm run bench`: node reading one compose file and parsing it with `yaml.parse`, nothing else. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: node dist/bench/yaml-parse.js <file>');
parse(readFileSync(file, 'utf8'));
