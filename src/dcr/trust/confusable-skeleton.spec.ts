import { confusableSkeleton, resemblesReservedName } from './confusable-skeleton';

const resembles = (name: string, reserved: string) => resemblesReservedName(confusableSkeleton(name), confusableSkeleton(reserved));

describe('confusableSkeleton', () => {
  it.each([
    ['Claude', 'claude'],
    ['CLAUDE', 'claude'],
    ['Сlaude', 'claude'], // Cyrillic capital Es
    ['Claudе', 'claude'], // Cyrillic small ie
    ['Ｃｌａｕｄｅ', 'claude'], // full-width
    ['Cla\u200Bude', 'claude'], // zero-width space
    ['Cla\u200Dude\uFE0F', 'claude'], // zero-width joiner, variation selector
    ['Clàude', 'claude'], // combining accent after NFD
    ['CIaude', 'claude'], // capital I for l
    ['C1aude', 'claude'], // digit one for l
    ['Ϲlaude', 'claude'], // Greek capital lunate sigma
    ['ChatGPT', 'chat gpt'],
    ['Chat GPT', 'chat gpt'],
    ['Cursor_IDE', 'cursor lde'],
    ['Vercel', 'vercel'],
    ['Modern', 'modem'], // rn reads as m
  ])('%s → %s', (name, skeleton) => {
    expect(confusableSkeleton(name)).toBe(skeleton);
  });
});

describe('resemblesReservedName', () => {
  it.each([
    ['Claude', 'Claude', true],
    ['Claude Desktop', 'Claude', true],
    ['ClaudeBot', 'Claude', true],
    ['My Claude', 'Claude', true],
    ['MyClaude', 'Claude', true],
    ['C l a u d e', 'Claude', true],
    ['Сlаudе', 'Claude', true], // three Cyrillic letters
    ['ＣＨＡＴＧＰＴ', 'ChatGPT', true],
    ['Chat-GPT Pro', 'ChatGPT', true],
    ['Precursor', 'Cursor', false],
    ['Claud', 'Claude', false],
    ['Acme Reports', 'Claude', false],
    ['', 'Claude', false],
  ])('%s resembles %s: %s', (name, reserved, expected) => {
    expect(resembles(name, reserved)).toBe(expected);
  });

  it('an empty reserved name resembles nothing', () => {
    expect(resemblesReservedName('claude', '')).toBe(false);
  });
});
