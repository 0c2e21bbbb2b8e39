'use strict';
// Deterministic, realistic-looking client names: "<Organisation> <Product> <Platform> [number]".
// Organisation names are pseudo-words, so their trigrams are spread like real names' are.

/** mulberry32: a small seeded PRNG, so every run seeds the same data. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ra', 'to', 'vi', 'zu', 'an', 'be', 'co', 'da', 'el', 'fi', 'gu', 'ha', 'in', 'jo',
  'ku', 'li', 'ma', 'no', 'or', 'pi', 'qu', 're', 'sa', 'ti', 'un', 've', 'wa', 'xi', 'yo', 'ze'];
const PRODUCTS = ['Payments', 'Banking', 'Portal', 'Gateway', 'Connector', 'Assistant', 'Agent', 'Dashboard', 'Reporting', 'Wallet',
  'Checkout', 'Analytics', 'Sync', 'Backup', 'Mail', 'Calendar', 'Notes', 'Tracker', 'Scanner', 'Viewer'];
const PLATFORMS = ['iOS', 'Android', 'Web', 'CLI', 'Server', 'MCP client', 'Desktop', 'Batch'];

function clientNames(seed = 42, organisations = 2000) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const orgs = [];
  const seen = new Set();
  while (orgs.length < organisations) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += pick(SYLLABLES);
    word = word[0].toUpperCase() + word.slice(1);
    if (!seen.has(word)) {
      seen.add(word);
      orgs.push(word);
    }
  }
  return {
    random,
    orgs,
    products: PRODUCTS,
    next() {
      const org = Math.floor(random() * orgs.length);
      let name = `${orgs[org]} ${pick(PRODUCTS)} ${pick(PLATFORMS)}`;
      if (random() < 0.5) name += ` ${Math.floor(random() * 10000)}`;
      return { name, org };
    },
  };
}

module.exports = { clientNames, prng };
