import { z } from 'zod';
import type { RouteEntry } from './route-table.js';
import { CORE_VERSION } from '../version.js';
import { allowsAnonymous, describeAccess } from './access.js';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  } catch {
    return {};
  }
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] } | undefined;
  return Object.entries(json?.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json?.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** OpenAPI 3.1 generated from the same zod schemas that validate the requests. */
export function openApiDocument(entries: readonly RouteEntry[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const entry of entries) {
    const path = entry.path.replace(/:(\w+)/g, '{$1}');
    const data = toSchema(entry.spec.response) ?? {};
    const anonymous = allowsAnonymous(entry.spec.access);
    const operation: Record<string, unknown> = {
      summary: entry.spec.summary,
      description: [entry.spec.description, `Access: ${describeAccess(entry.spec.access)}.`].filter(Boolean).join('\n\n'),
      tags: entry.spec.tags ?? [entry.owner],
      'x-skyportal-access': entry.spec.access,
      'x-skyportal-plugin': entry.owner,
      parameters: [...parameters(entry.spec.params, 'path'), ...parameters(entry.spec.query, 'query')],
      responses: {
        '200': {
          description: 'Success',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { status: { const: 'success' }, data, version: { type: 'string' } },
                required: ['status', 'data'],
              },
            },
          },
        },
        '400': { $ref: '#/components/responses/Error' },
        ...(anonymous ? {} : { '401': { $ref: '#/components/responses/Error' } }),
        ...(typeof entry.spec.access === 'object' && !anonymous ? { '403': { $ref: '#/components/responses/Error' } } : {}),
        '404': { $ref: '#/components/responses/Error' },
      },
    };
    if (entry.spec.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(entry.spec.body) } } };
    }
    if (!anonymous) operation.security = [{ token: [] }, { session: [] }];
    (paths[path] ??= {})[entry.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: `SkyPortal-compatible API (version ${CORE_VERSION}).` },
    paths,
    components: {
      securitySchemes: {
        token: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Authorization: token <token>' },
        session: { type: 'apiKey', in: 'cookie', name: 'skyportal.sid' },
      },
      responses: {
        Error: {
          description: 'Error envelope',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { status: { const: 'error' }, message: { type: 'string' }, data: { type: 'object' } },
                required: ['status', 'message'],
              },
            },
          },
        },
      },
    },
  };
}
