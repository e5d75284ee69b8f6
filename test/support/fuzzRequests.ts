/**
 * Hostile variations of a valid request (fast-check arbitraries) for the fuzz test: wrong types,
 * huge strings and arrays, deep nesting, unicode with control and bidi characters and lone
 * surrogates, prototype keys, NaN/1e308/-0 and friends, missing and extra fields, malformed JSON,
 * wrong content types, and hostile path parameters and query values.
 *
 *   fc.sample(hostileRequest(route.url, valid), { seed, numRuns })   // → FuzzRequest[]
 *
 * Bodies are built as text (`Json` below) so they can carry what JSON.stringify cannot:
 * `__proto__` keys, duplicate keys, -0, numbers beyond double range, lone surrogates as escapes.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  /** Path with query. */
  path: string;
  contentType?: string;
  body?: string | Uint8Array;
  /** What was done to the valid request, for the failure message. */
  how: string;
}

/** A JSON text fragment written as is (numbers JSON.stringify cannot write, or malformed bits). */
class Raw {
  constructor(readonly text: string) {}
}
/** An object as its ordered entries: duplicate and prototype keys stay what they are. */
class Entries {
  constructor(readonly entries: readonly (readonly [string, Json])[]) {}
}
type Json = null | boolean | number | string | Raw | Entries | Json[];

function toText(value: Json): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Entries) return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${toText(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(toText).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}

function fromValue(value: unknown): Json {
  if (Array.isArray(value)) return value.map(fromValue);
  if (value !== null && typeof value === 'object') return new Entries(Object.entries(value).map(([key, item]) => [key, fromValue(item)] as const));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

/** The paths (entry keys and array indexes) to every node of a value, the root first. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const children: (string | number)[][] = [];
  if (value instanceof Entries) value.entries.forEach(([key, item]) => children.push(...pathsOf(item, [...at, key])));
  else if (Array.isArray(value)) value.forEach((item, index) => children.push(...pathsOf(item, [...at, index])));
  return [at, ...children];
}

/** `value` with the node at `path` replaced by `change(node)` (undefined: removed). */
function edit(value: Json, path: readonly (string | number)[], change: (node: Json) => Json | undefined): Json | undefined {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (value instanceof Entries) {
    const entries = value.entries.flatMap(([key, item]) => {
      if (key !== head) return [[key, item] as const];
      const changed = edit(item, rest, change);
      return changed === undefined ? [] : [[key, changed] as const];
    });
    return new Entries(entries);
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => (index === head ? [edit(item, rest, change)].filter((x) => x !== undefined) : [item]));
  return value;
}

const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\r', '\u000b', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029'];
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
const ODD = ['\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u0301', 'Å', 'ß', 'İ', '😀', '👩‍👩‍👧', '\u{10ffff}'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isAdmin', 'role', 'companyId', ''];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '   \t ',
    'null',
    'true',
    '-0',
    'NaN',
    '1e308',
    'all',
    '../../../etc/passwd',
    '%00',
    '%zz',
    "' OR 1=1 --",
    '"; DROP TABLE users; --',
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x")',
    'javascript:alert(1)',
    'http://127.0.0.1:1/',
    'http://169.254.169.254/latest/meta-data/',
    'file:///etc/passwd',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '2026-13-45T99:99:99Z',
    '+46855501001',
    '*99',
    '__proto__',
    'constructor',
    '{"a":1}',
    '\\u0000',
  ),
  fc.string({ unit: fc.constantFrom(...CONTROL, ...BIDI, ...ODD, 'a', 'Z', '1', ' ', '+', '@', '.', '-'), maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc.constantFrom(10_000, 200_000, 2_000_000).chain((n) => fc.constantFrom('x'.repeat(n), 'é'.repeat(n / 2), '\u202e'.repeat(n / 4), '\ud800'.repeat(n / 4))),
);

const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 1e21, 99, 100, 2 ** 31, -(2 ** 31), 2 ** 53),
  fc.constantFrom('-0', '1e309', '-1e309', '9007199254740993', '1.0', '1e-400', '123456789012345678901234567890').map((text) => new Raw(text)),
  fc.integer().map((n): Json => n),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n): Json => n),
);

const deep: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(64, 2_000, 100_000), fc.boolean())
  .map(([depth, arrays]) => new Raw(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

const hugeArray: fc.Arbitrary<Json> = fc.constantFrom(1_000, 200_000).map((n) => new Raw(`[${new Array<string>(n).fill('"x"').join(',')}]`));

const { value: hostileValue } = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Json>(null, true, false, [], new Entries([])),
    hostileString.map((s): Json => s),
    hostileNumber,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 4 }).map((entries) => new Entries(entries)),
    deep,
    hugeArray,
  ),
}));

/** A hostile value of the same JSON type as `node` (strings stay strings, arrays arrays...). */
function sameType(node: Json): fc.Arbitrary<Json> {
  if (typeof node === 'string') return fc.oneof(hostileString, fc.constantFrom(node.toUpperCase(), ` ${node} `, `${node}\u0000`, `\u202e${node}`, node.repeat(50))).map((s): Json => s);
  if (typeof node === 'number') return hostileNumber;
  if (typeof node === 'boolean') return fc.boolean();
  if (Array.isArray(node)) return fc.constantFrom<Json>([], node.concat(node), new Array<Json>(5_000).fill(node[0] ?? null), [...node, ...node.map(() => 'ffffffff-ffff-4fff-bfff-ffffffffffff')]);
  if (node instanceof Entries) return fc.constantFrom<Json>(new Entries([]), new Entries(node.entries.map(([key, item]) => [key, item === null ? '' : null] as const)));
  return hostileValue;
}

/** Replaces the node at a random path of `body` (the root included) with `by(node)`. */
const atSomePath = (body: Json, by: (node: Json) => fc.Arbitrary<Json>): fc.Arbitrary<[string, Json]> => {
  const paths = pathsOf(body);
  return fc.nat({ max: paths.length - 1 }).chain((index) => {
    const path = paths[index] ?? [];
    let node: Json = null;
    edit(body, path, (found) => (node = found));
    return by(node).map((replacement) => [path.join('.') || '(body)', edit(body, path, () => replacement) ?? null] as [string, Json]);
  });
};

function bodyMutations(valid: unknown): fc.Arbitrary<{ text: string; how: string }> {
  const body = fromValue(valid ?? {});
  const paths = pathsOf(body);
  const objectPaths = paths.filter((path) => {
    let isObject = false;
    edit(body, path, (node) => ((isObject = node instanceof Entries), node));
    return isObject;
  });
  const text = toText(body);
  return fc.oneof(
    { weight: 5, arbitrary: atSomePath(body, () => hostileValue).map(([at, b]) => ({ text: toText(b), how: `${at} replaced` })) },
    // the same type, so that more of them pass validation and reach the handler
    { weight: 5, arbitrary: atSomePath(body, sameType).map(([at, b]) => ({ text: toText(b), how: `${at} replaced by its kind` })) },
    // the same value many times over, or nested in itself
    atSomePath(body, (node) => fc.constantFrom<Json>(new Array<Json>(2_000).fill(node), [[[[node]]]], new Entries([['value', node]]))).map(([at, b]) => ({ text: toText(b), how: `${at} repeated/wrapped` })),
    fc.nat({ max: Math.max(0, paths.length - 1) }).map((index) => ({ text: toText(edit(body, paths[index] ?? [], () => undefined) ?? null), how: `${(paths[index] ?? []).join('.') || '(body)'} removed` })),
    fc
      .tuple(fc.constantFrom(...objectPaths), fc.constantFrom(...PROTOTYPE_KEYS, 'extra'), hostileValue, fc.boolean())
      .map(([path, key, extra, first]) => ({
        text: toText(edit(body, path, (node) => new Entries(first ? [[key, extra], ...(node as Entries).entries] : [...(node as Entries).entries, [key, extra]])) ?? null),
        how: `${key} added at ${path.join('.') || '(body)'}`,
      })),
    // malformed JSON
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => ({ text: text.slice(0, cut), how: `cut at ${cut}` })),
    fc
      .constantFrom(`${text}}`, `${text},`, `${text} trailing`, `\ufeff${text}`, text.replaceAll('"', "'"), `{"a":NaN}`, '{"a":Infinity}', `[${text}`, 'undefined', "{'a':1}", '{"a":1,}', '{"a" 1}', '\u0000', '"', text.replace(/:/, ':/*x*/'))
      .map((t) => ({ text: t, how: 'malformed' })),
  );
}

const WRONG_TYPES = [
  'text/plain',
  'text/csv',
  'text/calendar',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'audio/wav',
  'application/json; charset=utf-16le',
  'application/json; charset=iso-8859-1',
  'APPLICATION/JSON',
  'application/jsonx',
  'application/json, text/plain',
  'application/problem+json',
  '*/*',
  ';;;',
];

/** Percent-encodes a path segment; lone surrogates become the bytes UTF-8 has no place for (ED A0 80). */
const encodePart = (value: string): string =>
  value
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part) => (part.length === 1 && /[\ud800-\udfff]/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

function hostilePathOrQuery(url: string, path: string): fc.Arbitrary<{ path: string; how: string }> | null {
  const [pathname = '', query = ''] = path.split('?');
  const template = url.split('/');
  const segments = pathname.split('/');
  const params = template.flatMap((segment, index) => (segment.startsWith(':') ? [index] : []));
  const keys = [...new URLSearchParams(query).keys()];
  const choices: fc.Arbitrary<{ path: string; how: string }>[] = [];
  const withQuery = (p: string, q: string): string => (q ? `${p}?${q}` : p);
  if (params.length > 0) {
    choices.push(
      fc.tuple(fc.constantFrom(...params), hostileString, fc.boolean()).map(([index, value, encode]) => {
        const changed = [...segments];
        changed[index] = encode ? encodePart(value.slice(0, 4_000)) : value.slice(0, 200).replace(/[^\x21-\x7e]|[/?#]/g, '');
        return { path: withQuery(changed.join('/'), query), how: `${template[index]} = ${JSON.stringify(value.slice(0, 40))}` };
      }),
    );
  }
  const keysOrNew = keys.length > 0 ? keys : ['query', 'extra'];
  choices.push(
    fc.tuple(fc.constantFrom(...keysOrNew), hostileString, fc.constantFrom('set', 'append', 'delete')).map(([key, value, op]) => {
      const search = new URLSearchParams(query);
      if (op === 'delete') search.delete(key);
      else search[op](key, value.slice(0, 6_000));
      return { path: withQuery(pathname, search.toString()), how: `query ${op} ${key} = ${JSON.stringify(value.slice(0, 40))}` };
    }),
    fc.constantFrom('%zz', '%', 'a=%E0%A4%A', '__proto__[x]=1', 'constructor=1&constructor=2', `${keysOrNew[0]}[]=1`, `${keysOrNew[0]}=${'y'.repeat(20_000)}`).map((raw) => ({
      path: `${pathname}?${query ? `${query}&` : ''}${raw}`,
      how: `raw query ${raw.slice(0, 40)}`,
    })),
  );
  return fc.oneof(...choices);
}

/**
 * Hostile variations of the valid request `valid` of the route registered as `url`: its JSON
 * body mutated, sent with wrong content types, or its path parameters and query changed.
 */
export function hostileRequest(url: string, valid: { path: string; body?: unknown; contentType?: string }, keepQuery = false): fc.Arbitrary<FuzzRequest> {
  const json = valid.contentType === undefined;
  const validText = json && valid.body !== undefined ? JSON.stringify(valid.body) : undefined;
  const choices: fc.WeightedArbitrary<FuzzRequest>[] = [
    // A JSON body, also where the route takes none or takes another type.
    { weight: 6, arbitrary: bodyMutations(json ? valid.body : { content: valid.body === undefined ? null : String(valid.body) }).map(({ text, how }) => ({
      path: valid.path,
      contentType: 'application/json',
      body: text,
      how: `JSON body: ${how}`,
    })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...WRONG_TYPES), fc.boolean()).map(([type, utf16]) => {
      const text = validText ?? (typeof valid.body === 'string' ? valid.body : '{}');
      return { path: valid.path, contentType: type, body: utf16 ? Buffer.from(text, 'utf16le') : text, how: `content type ${type}${utf16 ? ' (UTF-16 bytes)' : ''}` };
    }) },
    { weight: 1, arbitrary: fc.constantFrom(
      { body: undefined, contentType: 'application/json', how: 'JSON content type, no body' },
      { body: validText, contentType: undefined, how: 'body without a content type' },
      { body: Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]), contentType: 'application/json', how: 'invalid UTF-8' },
    ).map((variant) => ({ path: valid.path, ...variant })) },
  ];
  const pathOrQuery = keepQuery ? null : hostilePathOrQuery(url, valid.path);
  if (pathOrQuery) {
    choices.push({
      weight: 3,
      arbitrary: pathOrQuery.map(({ path, how }) => ({
        path,
        ...(valid.body !== undefined ? { contentType: valid.contentType ?? 'application/json', body: validText ?? (valid.body as string | Uint8Array) } : {}),
        how,
      })),
    });
  }
  return fc.oneof(...choices);
}
