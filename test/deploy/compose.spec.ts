/**
 * Static checks of the production wiring: docker-compose.yml, the Dockerfile it builds and the
 * env module (domain/src/config/env.schema.ts). Nothing is started; no Docker engine is needed.
 * Each check collects every problem and fails with one readable line per offending
 * service / variable / path.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { SearchAttributeType } from '@temporalio/common';
import { envSchema } from '../../domain/src/config/env.schema';
import * as searchAttributes from '../../domain/src/workflows/search-attributes';

const ROOT = resolve(__dirname, '../..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const APP_SERVICES_THAT_MUST_EXIST = ['migrate', 'api', 'worker'] as const;
const LONG_RUNNING_APP_SERVICES = ['api', 'worker'] as const;

type Dict = Record<string, unknown>;
interface Service extends Dict {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  links?: string[];
  environment?: string[] | Record<string, string | number | boolean | null>;
  env_file?: string | (string | { path: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
}
interface Compose {
  services: Record<string, Service>;
}

// ---------------------------------------------------------------- loading

function loadCompose(): Compose {
  const source = readFileSync(COMPOSE_FILE, 'utf8');
  const doc = parseDocument(source, { merge: true });
  if (doc.errors.length > 0) {
    throw new Error(
      `docker-compose.yml is not valid YAML:\n${doc.errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  }
  const compose = parse(source, { merge: true }) as Compose;
  if (!compose || typeof compose.services !== 'object' || compose.services === null) {
    throw new Error('docker-compose.yml has no services');
  }
  return compose;
}

const compose = loadCompose();
const services = compose.services;

/** A path in compose is relative to the compose file's directory. */
function fromCompose(path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(COMPOSE_FILE), path);
}

function buildOf(service: Service): { context: string; dockerfile: string } | undefined {
  if (service.build === undefined) return undefined;
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  const context = fromCompose(build.context ?? '.');
  const dockerfile = resolve(context, build.dockerfile ?? 'Dockerfile');
  return { context, dockerfile };
}

function dependenciesOf(service: Service): { name: string; condition?: string }[] {
  const deps = service.depends_on;
  if (!deps) return [];
  if (Array.isArray(deps)) return deps.map((name) => ({ name }));
  return Object.entries(deps).map(([name, spec]) => ({ name, condition: spec?.condition }));
}

/** Variables a service receives from `environment` and `env_file`, with their raw values. */
function environmentOf(serviceName: string, problems: string[]): Map<string, string | undefined> {
  const service = services[serviceName];
  const env = new Map<string, string | undefined>();
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const eq = entry.indexOf('=');
      if (eq === -1) env.set(entry, undefined);
      else env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else if (raw) {
    for (const [key, value] of Object.entries(raw)) {
      env.set(key, value === null || value === undefined ? undefined : String(value));
    }
  }
  const envFiles = service.env_file === undefined ? [] : [service.env_file].flat();
  for (const entry of envFiles) {
    const file = fromCompose(typeof entry === 'string' ? entry : entry.path);
    if (!existsSync(file)) {
      problems.push(`${serviceName}: env_file ${relative(ROOT, file)} does not exist`);
      continue;
    }
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
      if (match) env.set(match[1], match[2].trim());
    }
  }
  return env;
}

// ---------------------------------------------------------------- Dockerfile parsing

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

function parseDockerfile(file: string): Instruction[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const instructions: Instruction[] = [];
  let buffer = '';
  let startLine = 0;
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (buffer === '' && (line === '' || line.startsWith('#'))) return;
    if (buffer !== '' && line.startsWith('#')) return; // comment inside a continuation
    if (buffer === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      buffer += line.slice(0, -1) + ' ';
      return;
    }
    buffer += line;
    const match = /^(\S+)\s*(.*)$/s.exec(buffer.trim());
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2], line: startLine });
    buffer = '';
  });
  return instructions;
}

/** Splits instruction arguments: the JSON-array form or whitespace-separated words. */
function splitArgs(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // not JSON: the shell form
    }
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

function finalCmd(instructions: Instruction[]): string[] | undefined {
  let lastFrom = -1;
  instructions.forEach((instruction, index) => {
    if (instruction.keyword === 'FROM') lastFrom = index;
  });
  const cmd = instructions
    .slice(lastFrom + 1)
    .filter((instruction) => instruction.keyword === 'CMD')
    .pop();
  return cmd ? splitArgs(cmd.args) : undefined;
}

/** Non-glob, non-negated .dockerignore entries, as context-relative paths. */
function plainDockerignoreEntries(context: string): string[] {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .filter((line) => !/[*?[\]]/.test(line))
    .map((line) => normalize(line.replace(/^\/+/, '')).replace(/\/+$/, ''));
}

// ---------------------------------------------------------------- app services

const appServiceNames = Object.keys(services).filter((name) => {
  const build = buildOf(services[name]);
  return build !== undefined && build.context === ROOT;
});

/** What a service runs: its compose command, or else the Dockerfile's CMD. */
function commandOf(serviceName: string): string[] | undefined {
  const service = services[serviceName];
  if (service.command !== undefined) {
    return typeof service.command === 'string' ? splitArgs(service.command) : service.command;
  }
  const build = buildOf(service);
  return build && existsSync(build.dockerfile) ? finalCmd(parseDockerfile(build.dockerfile)) : undefined;
}

/** The TypeScript source that the build transpiles into `dist/X.js`: `X.ts`. */
function sourceOfBuildOutput(path: string): string | undefined {
  const normalized = normalize(path).replace(/^\/app\//, '');
  const match = /^dist\/(.+)\.js$/.exec(normalized);
  return match ? `${match[1]}.ts` : undefined;
}

// ---------------------------------------------------------------- tests

describe('docker-compose.yml', () => {
  it('defines the services the deployment needs', () => {
    const expected = ['postgresql', 'temporal', 'temporal-ui', ...APP_SERVICES_THAT_MUST_EXIST];
    const missing = expected.filter((name) => !(name in services));
    expect(missing).toEqual([]);
    const notBuiltFromRepo = APP_SERVICES_THAT_MUST_EXIST.filter(
      (name) => name in services && !appServiceNames.includes(name),
    ).map((name) => `${name}: must be built from the repository's Dockerfile (build.context: .)`);
    expect(notBuiltFromRepo).toEqual([]);
  });

  it('only depends on / links to services that exist, and waits on conditions they can meet', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const dep of dependenciesOf(service)) {
        const target = services[dep.name];
        if (!target) {
          problems.push(`${name}: depends_on unknown service "${dep.name}"`);
          continue;
        }
        if (dep.condition === 'service_healthy' && (!target.healthcheck || target.healthcheck.disable)) {
          problems.push(`${name}: waits for "${dep.name}" to be healthy, but ${dep.name} has no healthcheck`);
        }
        if (
          dep.condition === 'service_completed_successfully' &&
          target.restart !== undefined &&
          target.restart !== 'no' &&
          !String(target.restart).startsWith('on-failure')
        ) {
          problems.push(
            `${name}: waits for "${dep.name}" to complete, but ${dep.name} has restart: ${target.restart}`,
          );
        }
      }
      for (const link of service.links ?? []) {
        const target = link.split(':')[0];
        if (!services[target]) problems.push(`${name}: links to unknown service "${target}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('builds from a context and Dockerfile that exist', () => {
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      const build = buildOf(service);
      if (!build) continue;
      if (!existsSync(build.context) || !statSync(build.context).isDirectory()) {
        problems.push(`${name}: build.context ${relative(ROOT, build.context) || '.'} is not a directory`);
      } else if (!existsSync(build.dockerfile)) {
        problems.push(`${name}: build.dockerfile ${relative(ROOT, build.dockerfile)} does not exist`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('COPYs only repository paths that exist and are not excluded by .dockerignore', () => {
    const problems: string[] = [];
    const dockerfiles = new Map<string, string>(); // dockerfile -> context
    for (const service of Object.values(services)) {
      const build = buildOf(service);
      if (build && existsSync(build.dockerfile)) dockerfiles.set(build.dockerfile, build.context);
    }
    expect(dockerfiles.size).toBeGreaterThan(0);
    for (const [dockerfile, context] of dockerfiles) {
      const label = relative(ROOT, dockerfile);
      const ignored = plainDockerignoreEntries(context);
      for (const instruction of parseDockerfile(dockerfile)) {
        if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
        const words = splitArgs(instruction.args);
        const flags = words.filter((word) => word.startsWith('--'));
        if (flags.some((flag) => flag.startsWith('--from='))) continue; // from another stage/image
        const paths = words.filter((word) => !word.startsWith('--'));
        const sources = paths.slice(0, -1);
        if (sources.length === 0) {
          problems.push(`${label}:${instruction.line}: ${instruction.keyword} without a source`);
        }
        for (const source of sources) {
          if (/^[a-z]+:\/\//i.test(source) || source.startsWith('<<')) continue; // URL / heredoc
          const concrete = source.split(/[*?[]/)[0]; // the part before any glob
          const path = resolve(context, concrete);
          if (!existsSync(path)) {
            problems.push(
              `${label}:${instruction.line}: ${instruction.keyword} source "${source}" does not exist in the repository`,
            );
            continue;
          }
          const rel = normalize(relative(context, path));
          const excludedBy = ignored.find((entry) => rel === entry || rel.startsWith(`${entry}/`));
          if (excludedBy) {
            problems.push(
              `${label}:${instruction.line}: ${instruction.keyword} source "${source}" is excluded by .dockerignore ("${excludedBy}")`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('passes the app only variables of the env module, and every required one to api and worker', () => {
    const known = new Set(Object.keys(envSchema.shape));
    const required = Object.entries(envSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    expect(required).toContain('DATABASE_URL'); // the schema still has a required variable

    const problems: string[] = [];
    for (const name of appServiceNames) {
      const env = environmentOf(name, problems);
      for (const variable of env.keys()) {
        if (!known.has(variable)) {
          problems.push(
            `${name}: passes ${variable}, which is not a variable of domain/src/config/env.schema.ts`,
          );
        }
      }
      if ((LONG_RUNNING_APP_SERVICES as readonly string[]).includes(name)) {
        for (const variable of required) {
          const value = env.get(variable);
          if (value === undefined || value.trim() === '') {
            problems.push(`${name}: does not pass the required variable ${variable}`);
          }
        }
      }
    }
    for (const name of LONG_RUNNING_APP_SERVICES) {
      if (!appServiceNames.includes(name)) problems.push(`${name}: missing (or not built from the repository)`);
    }
    expect(problems).toEqual([]);
  });

  it('takes the SMTP relay from the operator: SMTP_HOST is required, no mail server runs', () => {
    const problems: string[] = [];
    for (const name of LONG_RUNNING_APP_SERVICES) {
      const env = environmentOf(name, problems);
      const host = env.get('SMTP_HOST') ?? '';
      if (!/^\$\{SMTP_HOST:\?[^}]*\}$/.test(host)) {
        problems.push(`${name}: SMTP_HOST must be \${SMTP_HOST:?...} (the operator's relay), not "${host}"`);
      }
      for (const variable of ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE', 'MAIL_FROM']) {
        const value = env.get(variable);
        if (value === undefined || !value.includes(`\${${variable}`)) {
          problems.push(`${name}: ${variable} must come from the operator's environment (\${${variable}...})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives api and worker healthchecks', () => {
    const problems = LONG_RUNNING_APP_SERVICES.filter((name) => {
      const check = services[name]?.healthcheck;
      const test = check?.test;
      return !check || check.disable || !test || (Array.isArray(test) ? test[0] === 'NONE' : test === '');
    }).map((name) => `${name}: has no healthcheck`);
    expect(problems).toEqual([]);
  });

  it('runs only files the build produces (dist/X.js for an existing X.ts)', () => {
    const problems: string[] = [];
    const expected: Record<string, string> = {
      api: 'dist/apps/api/src/main.js',
      worker: 'dist/apps/worker/src/main.js',
      migrate: 'dist/prisma/migrate.js',
    };
    for (const name of appServiceNames) {
      const command = commandOf(name);
      if (!command || command.length === 0) {
        problems.push(`${name}: runs no command (neither compose command nor Dockerfile CMD)`);
        continue;
      }
      if (command[0] !== 'node') {
        problems.push(`${name}: runs "${command.join(' ')}"; expected "node dist/<path>.js"`);
        continue;
      }
      const script = command.slice(1).find((arg) => !arg.startsWith('-'));
      const source = script ? sourceOfBuildOutput(script) : undefined;
      if (!script || !source) {
        problems.push(`${name}: runs "${command.join(' ')}", which is not a build output under dist/`);
      } else if (!existsSync(join(ROOT, source))) {
        problems.push(`${name}: runs ${script}, but its source ${source} does not exist`);
      }
      if (expected[name] && script !== expected[name]) {
        problems.push(`${name}: runs ${script ?? '(nothing)'}; expected ${expected[name]}`);
      }
    }
    // The image's default command is the api.
    const apiBuild = services.api && buildOf(services.api);
    if (apiBuild && existsSync(apiBuild.dockerfile)) {
      const cmd = finalCmd(parseDockerfile(apiBuild.dockerfile));
      if (cmd?.join(' ') !== `node ${expected.api}`) {
        problems.push(`Dockerfile: default CMD is "${cmd?.join(' ')}"; expected "node ${expected.api}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('points the worker at the prebuilt workflow bundle', () => {
    const problems: string[] = [];
    const bundle = environmentOf('worker', problems).get('WORKFLOW_BUNDLE_PATH');
    if (bundle !== '/app/dist/workflow-bundle.js') {
      problems.push(`worker: WORKFLOW_BUNDLE_PATH is "${bundle}"; expected /app/dist/workflow-bundle.js`);
    }
    expect(problems).toEqual([]);
  });

  it('registers the search attributes the domain defines (domain/src/workflows/search-attributes.ts)', () => {
    const defined = (Object.values(searchAttributes) as unknown[]).filter(
      (value): value is { name: string; type: string } =>
        typeof value === 'object' && value !== null && 'name' in value && 'type' in value,
    );
    const problems: string[] = [];
    for (const key of defined) {
      if (key.type !== SearchAttributeType.KEYWORD) {
        problems.push(`search attribute ${key.name} is ${key.type} in the domain; compose registers Keyword only`);
      }
    }
    const names = [...searchAttributes.SEARCH_ATTRIBUTE_NAMES].sort();
    if (JSON.stringify(defined.map((key) => key.name).sort()) !== JSON.stringify(names)) {
      problems.push('domain: SEARCH_ATTRIBUTE_NAMES and the defined search attribute keys differ');
    }

    const init = services['temporal-init'];
    if (!init) {
      problems.push('temporal-init: missing (registers the search attributes)');
    } else {
      const env = environmentOf('temporal-init', problems);
      const registered = (env.get('SEARCH_ATTRIBUTES') ?? '').split(/\s+/).filter(Boolean).sort();
      if (JSON.stringify(registered) !== JSON.stringify(names)) {
        problems.push(
          `temporal-init: SEARCH_ATTRIBUTES is "${registered.join(' ')}"; the domain defines "${names.join(' ')}"`,
        );
      }
      const script = [init.command ?? []].flat().join('\n');
      if (!/search-attribute create[^\n]*--type Keyword/.test(script)) {
        problems.push('temporal-init: does not run `temporal operator search-attribute create ... --type Keyword`');
      }
      if (!String(init.image ?? '').startsWith('temporalio/admin-tools')) {
        problems.push(`temporal-init: runs ${init.image}; expected temporalio/admin-tools`);
      }
    }
    const waiting = LONG_RUNNING_APP_SERVICES.filter(
      (name) => !dependenciesOf(services[name] ?? {}).some(
        (dep) => dep.name === 'temporal-init' && dep.condition === 'service_completed_successfully',
      ),
    ).map((name) => `${name}: must wait for temporal-init (service_completed_successfully)`);
    expect([...problems, ...waiting]).toEqual([]);
  });
});
