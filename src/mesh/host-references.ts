/**
 * How a service's environment names the hosts it calls: the host of a URL
 * (`postgresql://user:secret@db:5432/shop`), a `host:port` alone or in a list
 * (`redis:6379`, `a:9092,b:9092`), and the whole value of a `*_HOST`, `*_HOSTNAME`,
 * `*_ADDR`, `*_ADDRESS`, `*_SERVER` or `*_URL` variable, with the port of its `*_PORT`
 * sibling (`REDIS_HOST=redis` and `REDIS_PORT=6379`).
 */

/** A host an environment variable names, with the port and URL scheme when it says them. */
export interface HostReference {
  variable: string;
  host: string;
  port?: number;
  scheme?: string;
}

const URL_HOST = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@]*@)?([a-z0-9_][a-z0-9_.-]*)(?::(\d{1,5}))?/gi;
const HOST_PORT = /(?<![\w.:/@-])([a-z0-9_][a-z0-9_.-]*):(\d{1,5})(?![\w.])/gi;
const HOST_VARIABLE = /^(?:(.*)_)?(?:HOST|HOSTNAME|ADDR|ADDRESS|SERVER|URL)$/i;
const WHOLE_HOST = /^[a-z0-9_][a-z0-9_.-]*$/i;

function port(text: string | undefined): number | undefined {
  const value = text === undefined ? NaN : Number(text);
  return Number.isInteger(value) && value > 0 && value < 65536 ? value : undefined;
}

/**
 * The hosts `value` names (as written, not lower-cased), URLs first. Each pattern starts only
 * where a name can start, so a long value is read in linear time.
 */
export function hostReferences(variable: string, value: string, environment: Readonly<Record<string, string | null>>): HostReference[] {
  const found: HostReference[] = [];
  for (const m of value.matchAll(URL_HOST)) {
    const at = port(m[3]);
    found.push({ variable, host: m[2] ?? '', scheme: (m[1] ?? '').toLowerCase(), ...(at !== undefined ? { port: at } : {}) });
  }
  const withoutUrls = value.replace(URL_HOST, ' ');
  for (const m of withoutUrls.matchAll(HOST_PORT)) {
    const at = port(m[2]);
    found.push({ variable, host: m[1] ?? '', ...(at !== undefined ? { port: at } : {}) });
  }
  const named = HOST_VARIABLE.exec(variable);
  if (found.length === 0 && named && WHOLE_HOST.test(value.trim())) {
    const sibling = port(environment[named[1] === undefined ? 'PORT' : `${named[1]}_PORT`] ?? undefined);
    found.push({ variable, host: value.trim(), ...(sibling !== undefined ? { port: sibling } : {}) });
  }
  return found;
}
