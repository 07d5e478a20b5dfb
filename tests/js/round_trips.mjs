// Round trips of two JavaScript Discogs clients, written for the real API, against the sandbox
// over HTTPS: each changes only its host and port (NODE_EXTRA_CA_CERTS trusts the certificate).
// Usage: node round_trips.mjs HOST PORT TOKEN
// Prints one JSON line per check: {"client", "check", "ok", "detail"}; exits 1 if any failed.
import disconnect from 'disconnect';
import { DiscogsClient } from '@lionralfs/discogs-client';

const [host, portText, token] = process.argv.slice(2);
const port = Number(portText);
const userAgent = 'JsClientCheck/1.0 +https://example.org/check';
let failures = 0;

async function check(client, name, run) {
  try {
    const detail = await run();
    console.log(JSON.stringify({ client, check: name, ok: true, detail }));
  } catch (error) {
    failures += 1;
    console.log(JSON.stringify({ client, check: name, ok: false, detail: String(error && (error.stack || error.message || error)) }));
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// -- disconnect ---------------------------------------------------------------------------------
const dc = new disconnect.Client(userAgent, { userToken: token }).setConfig({ host, port });
await check('disconnect', 'release', async () => {
  const release = await dc.database().getRelease(249504);
  expect(release.title === 'Never Gonna Give You Up', release.title);
  return release.title;
});
await check('disconnect', 'identity and profile', async () => {
  const me = await dc.getIdentity();
  const profile = await dc.user().getProfile(me.username);
  expect(profile.username === me.username, JSON.stringify(profile).slice(0, 200));
  return me.username;
});
await check('disconnect', 'search', async () => {
  const found = await dc.database().search('never gonna', { type: 'release' });
  expect(found.results.length > 0, 'no results');
  return found.pagination.items;
});
await check('disconnect', 'wantlist add and remove', async () => {
  const me = await dc.getIdentity();
  await dc.user().wantlist().addRelease(me.username, 4674, { notes: 'js' });
  const wants = await dc.user().wantlist().getReleases(me.username, { per_page: 100 });
  await dc.user().wantlist().removeRelease(me.username, 4674);
  return wants.pagination.items;
});
await check('disconnect', 'collection folders', async () => {
  const me = await dc.getIdentity();
  const folders = await dc.user().collection().getFolders(me.username);
  expect(folders.folders[0].id === 0, JSON.stringify(folders).slice(0, 200));
  return folders.folders.length;
});
await check('disconnect', 'error message of a 404', async () => {
  const error = await dc.database().getRelease(999999999).then(() => null, (e) => e);
  expect(error && error.statusCode === 404 && error.message === 'Release not found.', String(error && error.message));
  return error.message;
});
// -- @lionralfs/discogs-client --------------------------------------------------------------------
const lc = new DiscogsClient({ userAgent, auth: { userToken: token } }).setConfig({ host, port });
await check('@lionralfs/discogs-client', 'release and its marketplace stats', async () => {
  const { data: release } = await lc.database().getRelease(5610049, 'USD');
  const { data: stats } = await lc.marketplace().getReleaseStats(5610049, 'USD');
  expect(stats.num_for_sale === release.num_for_sale, `${stats.num_for_sale} != ${release.num_for_sale}`);
  expect(stats.lowest_price.value === release.lowest_price, `${stats.lowest_price.value} != ${release.lowest_price}`);
  return stats;
});
await check('@lionralfs/discogs-client', 'community rating', async () => {
  const { data: release } = await lc.database().getRelease(249504);
  const { data: rating } = await lc.database().getReleaseCommunityRating(249504);
  expect(rating.rating.count === release.community.rating.count, JSON.stringify(rating));
  return rating.rating;
});
await check('@lionralfs/discogs-client', 'identity', async () => {
  const { data: me } = await lc.getIdentity();
  return me.username;
});
await check('@lionralfs/discogs-client', 'marketplace', async () => {
  const { data: fee } = await lc.marketplace().getFee(10, 'EUR');
  return fee;
});
await check('@lionralfs/discogs-client', 'error message of a 404', async () => {
  const error = await lc.database().getRelease(999999999).then(() => null, (e) => e);
  expect(error && error.statusCode === 404 && error.message === 'Release not found.', String(error && error.message));
  return error.message;
});

process.exit(failures ? 1 : 0);
