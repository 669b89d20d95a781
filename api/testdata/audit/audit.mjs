// Runs graphql-http's server audits against the URL given as the first
// argument and prints one line per audit: "<status> <id> <name>[: reason]".
// Exits 1 when a MUST or SHOULD audit does not pass.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}
let failed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  const required = audit.name.startsWith('MUST') || audit.name.startsWith('SHOULD');
  const reason = result.status === 'ok' ? '' : `: ${result.reason}`;
  console.log(`${result.status} ${audit.id} ${audit.name}${reason}`);
  if (required && result.status !== 'ok') failed++;
}
console.log(`${failed} required audits failed`);
process.exit(failed > 0 ? 1 : 0);
