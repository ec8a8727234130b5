/**
 * Reads the service definitions from their folder (one JSON file each) and validates them, naming the file and the
 * bad field when one is wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseServiceDefinition, type ServiceDefinition } from '../../domain/service/definition.js';

export class ServiceDefinitionError extends Error {
  override name = 'ServiceDefinitionError';
}

export function loadServiceDefinitions(dirs: readonly string[]): ServiceDefinition[] {
  const definitions: ServiceDefinition[] = [];
  for (const dir of dirs) {
    const files = readdirSync(resolve(dir))
      .filter((f) => f.endsWith('.json'))
      .sort();
    for (const file of files) {
      const path = join(dir, file);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (err) {
        throw new ServiceDefinitionError(`Service definition ${path} is not valid JSON: ${(err as Error).message}`);
      }
      const result = parseServiceDefinition(json);
      if (!result.ok) {
        throw new ServiceDefinitionError(`Service definition ${path} is not valid:\n  ${result.problems.join('\n  ')}`);
      }
      if (`${result.definition.id}.json` !== file) {
        throw new ServiceDefinitionError(
          `Service definition ${path}: id "${result.definition.id}" must match the file name.`,
        );
      }
      definitions.push(result.definition);
    }
  }
  if (definitions.length === 0) throw new ServiceDefinitionError(`No service definitions found in ${dirs.join(', ')}.`);
  const ids = definitions.map((d) => d.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) throw new ServiceDefinitionError(`Service "${duplicate}" is defined twice.`);
  return definitions;
}
