import { z } from 'zod';
import { machinePolicySchema } from './machinePolicy';

/** Where the published schema lives in the repository (and in the installed app's resources). */
export const POLICY_SCHEMA_FILE = 'resources/policy/sori-desk-policy.schema.json';

/**
 * The machine policy's JSON schema, generated from the schema main validates with, so the file
 * IT's tools check against can never say something else than the app (a test compares them).
 * Input form: defaults are optional, as they are in the file IT writes.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(machinePolicySchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://soridesk.example/schemas/policy-v1.json',
    title: 'Sori Desk machine policy (version 1)',
    description:
      'Settings IT pins for every agent of a machine. Windows: %ProgramData%\\SoriDesk\\policy.json; ' +
      'macOS: /Library/Application Support/SoriDesk/policy.json; Linux: /etc/sori-desk/policy.json. ' +
      'An invalid file disables calling until it is fixed; changes apply without a restart.',
  };
}
