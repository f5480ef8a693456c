/**
 * node registry-user.mjs <registry URL>: checks that the fresh registry serves other packages
 * from npm and nothing under @fs (no uplink for the scope), then adds the CI user and prints its
 * token.
 */
const [registry] = process.argv.slice(2);

const proxied = await fetch(new URL('is-number', registry));
if (proxied.status !== 200) throw new Error(`is-number from the uplink: HTTP ${proxied.status}`);
const scoped = await fetch(new URL('@fs%2fcore', registry));
if (scoped.status !== 404) throw new Error(`@fs/core before any publish: HTTP ${scoped.status}`);

const user = await fetch(new URL('-/user/org.couchdb.user:ci', registry), {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'ci', password: `ci-${crypto.randomUUID()}` }),
});
const { token } = await user.json();
if (user.status !== 201 || typeof token !== 'string')
  throw new Error(`adduser: HTTP ${user.status}`);
console.log(token);
