'use strict';
// Deterministic, realistic-looking client names: "<Organisation> <Product> <Platform> [number]".
// Organisation names are pseudo-words, so their trigrams are spread like real names' are; one in
// ten is written in another script (Cyrillic, Greek, or two to four CJK characters).

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
// The same syllables in Cyrillic and Greek letters, and CJK characters often found in company names.
const CYRILLIC = ['ка', 'ло', 'ми', 'не', 'ра', 'то', 'ви', 'зу', 'ан', 'бе', 'ко', 'да', 'ел', 'фи', 'гу', 'ха', 'ин', 'йо'];
const GREEK = ['κα', 'λο', 'μι', 'νε', 'ρα', 'το', 'βι', 'ζυ', 'αν', 'βε', 'κο', 'δα', 'ελ', 'φι', 'γυ', 'χα', 'ιν', 'ιω'];
const CJK = ['東', '京', '銀', '行', '技', '術', '電', '子', '商', '事', '日', '本', '中', '国', '大', '阪', '北', '海', '道', '新'];
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
    const script = random();
    const alphabet = script < 0.9 ? SYLLABLES : script < 0.95 ? CYRILLIC : script < 0.97 ? GREEK : CJK;
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += pick(alphabet);
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
