import { createHash } from 'node:crypto';

/**
 * Readable, stable logical IDs from compose names: `my-app` -> `MyApp`, so `MyAppService`,
 * `MyAppTaskDefinition`. Names that collide once reduced to letters and digits (`my-app`
 * and `my_app`) are told apart deterministically: the first in code-point order keeps the
 * plain ID, each other one gets a short hash of its own name, which does not depend on
 * which other names exist.
 */
export class LogicalIds {
  private readonly ids = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const taken = new Set<string>();
    for (const name of [...new Set(names)].sort()) {
      const base = pascalCase(name);
      const id = taken.has(base) ? `${base}${shortHash(name)}` : base;
      taken.add(id);
      this.ids.set(name, id);
    }
  }

  /** The ID stem of a name given to the constructor. */
  of(name: string): string {
    const id = this.ids.get(name);
    if (id === undefined) throw new Error(`no logical ID for "${name}"`);
    return id;
  }
}

/** Stems longer than this keep their start and a hash, so `<stem>SecurityGroupId` fits CloudFormation's 60-character output names. */
const MAX_STEM = 40;

/** `my-app.web_2` -> `MyAppWeb2`; a name without letters or digits becomes `X` plus its hash. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  if (joined === '') return `X${shortHash(name)}`;
  const id = /^[0-9]/.test(joined) ? `S${joined}` : joined;
  return id.length > MAX_STEM ? `${id.slice(0, MAX_STEM - 6)}${shortHash(name)}` : id;
}

function shortHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 6).toUpperCase();
}

/** The ID stem of an App Mesh gateway (`front` -> `Front`, so `FrontGatewaySecurityGroup`). */
export function gatewayId(name: string): string {
  return pascalCase(name);
}
